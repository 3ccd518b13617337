import { runtimePorts } from '../../server/adapters/runtime';
import { createCloudFunction } from '../../server/app/handler';
import { deliberationActions } from '../../server/app/deliberation';

/** deliberation: what is being discussed under which rules. */
export const main = createCloudFunction('deliberation', deliberationActions, runtimePorts);
