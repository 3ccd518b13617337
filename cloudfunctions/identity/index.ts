import { runtimePorts } from '../../server/adapters/runtime';
import { createCloudFunction } from '../../server/app/handler';
import { identityFunction } from '../../server/app/identity';

/** identity: who owns which unit, who may act for it. */
export const main = createCloudFunction(identityFunction, runtimePorts);
