import { voting } from '../../../types/voting';
import { implement } from '../action';
import { castBallot } from './castBallot';
import { confirmDelivery } from './confirmDelivery';
import { myBallot } from './myBallot';
import { myBallots } from './myBallots';
import { paperHandlers } from './paper-handlers';
import { proxyHandlers } from './proxy-handlers';
import { resultHandlers } from './result-handlers';
import { turnout } from './turnout';

/** The voting cloud function: the voting contract (types/voting.ts) and its use cases, one file each. */
export const votingFunction = implement(voting, { confirmDelivery, castBallot, myBallots, myBallot, turnout, ...paperHandlers, ...proxyHandlers, ...resultHandlers });
