import { main as deliberation } from '../../cloudfunctions/deliberation';
import { main as identity } from '../../cloudfunctions/identity';
import type { FunctionName } from '../../types/envelope';
import type { CloudFunctionMain } from '../app/handler';

/** Every deployed cloud function, by name: the gateway serves exactly these entries. */
export const CLOUD_FUNCTIONS: Record<FunctionName, CloudFunctionMain> = { identity, deliberation };
