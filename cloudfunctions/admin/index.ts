import { runtimePorts } from '../../server/adapters/runtime';
import { createCloudFunction } from '../../server/app/handler';
import { adminFunction } from '../../server/app/admin';

/** admin: the deployment administrator (GONGYI_ADMIN_OPENIDS) creates estates and issues invitation codes; anyone redeems one. */
export const main = createCloudFunction(adminFunction, runtimePorts);
