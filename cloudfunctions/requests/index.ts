import { runtimePorts } from '../../server/adapters/runtime';
import { createCloudFunction } from '../../server/app/handler';
import { requestsFunction } from '../../server/app/requests';

/** requests: residents' requests (诉求), routed by rules, held to time limits. */
export const main = createCloudFunction(requestsFunction, runtimePorts);
