import { acceptMandate, castProxyBallot, createMandate, listMandates, mandateScan, myMandates, reviewMandate, revokeMandate, unitMandate } from './proxy';

/** Handlers of the proxy part of the voting contract (types/voting-proxy.ts); use cases in ./proxy.ts. */
export const proxyHandlers = { unitMandate, createMandate, revokeMandate, acceptMandate, myMandates, castProxyBallot, listMandates, mandateScan, reviewMandate };
