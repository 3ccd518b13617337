import { requests } from '../../../types/requests';
import { implement } from '../action';
import { fileRequest } from './fileRequest';
import { exportRequestMetrics, requestMetrics } from './metrics';
import { myRequests } from './myRequests';
import { requestDetail } from './requestDetail';
import { workQueue } from './workQueue';
import { contactRequest, dispatchRequest, extendRequest, handleRequest, rateRequest, withdrawRequest } from './steps';

/** The requests cloud function: the requests contract (types/requests.ts) and its use cases, one file each. */
export const requestsFunction = implement(requests, { fileRequest, myRequests, requestDetail, dispatchRequest, contactRequest, extendRequest, handleRequest, rateRequest, withdrawRequest, workQueue, requestMetrics, exportRequestMetrics });
