import { main as admin } from '../../cloudfunctions/admin';
import { main as deliberation } from '../../cloudfunctions/deliberation';
import { main as identity } from '../../cloudfunctions/identity';
import { main as messages } from '../../cloudfunctions/messages';
import { main as requests } from '../../cloudfunctions/requests';
import { main as voting } from '../../cloudfunctions/voting';
import type { FunctionName } from '../../types/envelope';
import type { CloudFunctionMain } from '../app/handler';

/**
 * Every capability's cloud function, by name: the gateway serves exactly these entries. The `jobs` function is
 * deployed too but never served: it only answers timer triggers, and the gateway runs the same jobs on its own timer.
 */
export const CLOUD_FUNCTIONS: Record<FunctionName, CloudFunctionMain> = { identity, deliberation, voting, messages, admin, requests };
