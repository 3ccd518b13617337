import { admin } from './admin';
import { deliberation } from './deliberation';
import { identity } from './identity';
import { messages } from './messages';
import { requests } from './requests';
import { voting } from './voting';

/**
 * Every capability's contract. One cloud function per capability, named after it: FUNCTION_NAMES,
 * the gateway's function list, the build script, the client facade and docs/api.md derive from this.
 * Adding a capability = one contract file in types/ plus its name here.
 */
export const CAPABILITIES = [identity, deliberation, voting, messages, admin, requests] as const;
export type CapabilityContract = (typeof CAPABILITIES)[number];
