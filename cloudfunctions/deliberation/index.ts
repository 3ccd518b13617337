import { runtimePorts } from '../../server/adapters/runtime';
import { createCloudFunction } from '../../server/app/handler';
import { deliberationFunction } from '../../server/app/deliberation';

/** deliberation: what is being discussed under which rules. */
export const main = createCloudFunction(deliberationFunction, runtimePorts);
