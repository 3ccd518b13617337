import { runtimePorts } from '../../server/adapters/runtime';
import { createCloudFunction } from '../../server/app/handler';
import { votingFunction } from '../../server/app/voting';

/** voting: how did each unit vote (receipts, never choices), and how far is the turnout. */
export const main = createCloudFunction(votingFunction, runtimePorts);
