import { requests } from '../../../types/requests';
import { implement } from '../action';
import { fileRequest } from './fileRequest';
import { exportRequestMetrics, requestMetrics } from './metrics';
import { myRequests } from './myRequests';
import { requestDetail } from './requestDetail';
import { requestPhoto } from './requestPhoto';
import { coSignRequest, withdrawCoSign } from './coSign';
import { linkRequestToTopic } from './linkRequestToTopic';
import { publicRequests } from './publicRequests';
import { routingTable } from './routingTable';
import { updateRoutingTable } from './updateRoutingTable';
import { workQueue } from './workQueue';
import { contactRequest, dispatchRequest, extendRequest, handleRequest, markDuplicate, rateRequest, referOut, withdrawRequest } from './steps';

/** The requests cloud function: the requests contract (types/requests.ts) and its use cases, one file each. */
export const requestsFunction = implement(requests, { fileRequest, myRequests, requestDetail, requestPhoto, dispatchRequest, contactRequest, extendRequest, handleRequest, rateRequest, withdrawRequest, workQueue, requestMetrics, exportRequestMetrics, routingTable, updateRoutingTable, markDuplicate, referOut, coSignRequest, withdrawCoSign, publicRequests, linkRequestToTopic });
