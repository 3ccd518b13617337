import * as z from 'zod/mini';
import { IdSchema } from './common';

/** Vocabulary every part of the voting contract shares (ballots, paper, proxy, result); no actions here. */

export const BALLOT_CHOICES = ['yes', 'no', 'abstain'] as const;
export type BallotChoice = (typeof BALLOT_CHOICES)[number];
export const BALLOT_CHOICE_LABELS: Record<BallotChoice, string> = { yes: '同意', no: '反对', abstain: '弃权' };

/** a client-made key, the same for every retry of one submission (e.g. a random id made when the page opens) */
export const IdempotencyKeySchema = z.string().check(z.minLength(8), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/));

export const TopicUnitShape = { estateId: IdSchema, unitId: IdSchema, topicId: IdSchema };

/** one choice per item of the notice (the use case checks the package against the frozen items) */
export const BallotChoicesSchema = z.array(z.strictObject({ itemId: IdSchema, choice: z.enum(BALLOT_CHOICES) })).check(z.minLength(1), z.maxLength(20));
