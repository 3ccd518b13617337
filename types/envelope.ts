import * as z from 'zod/mini';
import { CAPABILITIES, type CapabilityContract } from './capabilities';

/**
 * The event every cloud function receives, on CloudBase (`callFunction({ name, data })` → event = data)
 * and through the local gateway (POST /api/<name>, body = data). It stays a loose object on purpose:
 * WeChat only decrypts CloudID open data (e.g. group info) when it is a top-level field of `data`.
 */
export const EventEnvelopeSchema = z.looseObject({
  action: z.string().check(z.minLength(1), z.maxLength(64)),
  input: z.optional(z.unknown()),
});
export type EventEnvelope = z.infer<typeof EventEnvelopeSchema>;

/** Names of the deployed cloud functions: one per capability, derived from the contracts. */
export type FunctionName = CapabilityContract['name'];
export const FUNCTION_NAMES: readonly FunctionName[] = CAPABILITIES.map((c) => c.name);
