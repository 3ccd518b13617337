import { CAPABILITIES, type CapabilityContract } from './capabilities';

export { EventEnvelopeSchema, type EventEnvelope } from './event';

/** Names of the deployed cloud functions: one per capability, derived from the contracts. */
export type FunctionName = CapabilityContract['name'];
export const FUNCTION_NAMES: readonly FunctionName[] = CAPABILITIES.map((c) => c.name);
