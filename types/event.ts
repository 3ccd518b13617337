import * as z from 'zod/mini';

/**
 * The event every cloud function receives, on CloudBase (`callFunction({ name, data })` → event = data)
 * and through the local gateway (POST /api/<name>, body = data). It stays a loose object on purpose:
 * WeChat only decrypts CloudID open data (e.g. group info) when it is a top-level field of `data`.
 *
 * Its own module: every deployed function parses it, and importing it must not pull every capability's contract
 * into each bundle (types/envelope.ts derives the function names from all of them).
 */
export const EventEnvelopeSchema = z.looseObject({
  action: z.string().check(z.minLength(1), z.maxLength(64)),
  input: z.optional(z.unknown()),
});
export type EventEnvelope = z.infer<typeof EventEnvelopeSchema>;

