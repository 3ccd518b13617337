import * as z from 'zod/mini';
import { IdSchema, textCheck, type Instant } from './common';
import { action } from './contract';
import { PersonNameSchema } from './identity';
import { MOBILE_PATTERN, normalizePhone } from './normalize';
import { BallotChoicesSchema, IdempotencyKeySchema, TopicUnitShape, type BallotChoice } from './voting-shared';

/**
 * voting, proxy part: proxies (issue 11 item 4; DOMAIN.md §4, Shanghai Art. 18: a proxy needs a written
 * mandate 书面委托书 and votes as instructed).
 *
 * 1. The unit's voting representative creates a mandate for one announced (or voting) topic, when the frozen
 *    rules allow proxies: the proxy's name (and optional phone), an instruction for EVERY item of the notice
 *    (同意 / 反对 / 弃权 / 由代理人决定) and the signed mandate's scan (compulsory when the frozen rules'
 *    mandateRequired). They get a one-time acceptance code (only a keyed hash is stored) to hand to the proxy.
 * 2. The proxy (any signed-in WeChat account, never the owner themselves) enters the code: the mandate is bound
 *    to their account. Wrong codes are refused and limited per account.
 * 3. Community staff (voting.checkMandate) check the mandate against its scan: approve, or reject with a reason.
 *    A proxy ballot only counts from a checked mandate: castProxyBallot is refused until it is approved.
 * 4. The proxy casts the unit's package while the window is open: every item, matching the instructions where
 *    they are not 由代理人决定. The ballot is THE unit's valid ballot (same id as online, channel 'proxy', the
 *    mandate recorded on it); a unit that already voted keeps its ballot (the proxy's is invalid evidence).
 * 5. The owner may revoke the mandate until the proxy has voted; the owner's own online vote before the proxy
 *    votes wins, and the mandate lapses. One live mandate per (topic, unit).
 * Handlers in server/app/voting/proxy-handlers.ts.
 */

export const MANDATE_INSTRUCTIONS = ['yes', 'no', 'abstain', 'proxy'] as const;
export type MandateInstruction = (typeof MANDATE_INSTRUCTIONS)[number];
export const MANDATE_INSTRUCTION_LABELS: Record<MandateInstruction, string> = { yes: '同意', no: '反对', abstain: '弃权', proxy: '由代理人决定' };

/**
 * awaiting: waiting for the staff check; approved: checked (the proxy may vote once accepted); rejected: the
 * check failed (reason given); revoked: by the owner; lapsed: the unit voted by another channel first;
 * voted: the proxy cast the unit's ballot.
 */
export const MANDATE_STATUSES = ['awaiting', 'approved', 'rejected', 'revoked', 'lapsed', 'voted'] as const;
export type MandateStatus = (typeof MANDATE_STATUSES)[number];
export const MANDATE_STATUS_LABELS: Record<MandateStatus, string> = {
  awaiting: '等待社区核验',
  approved: '已核验',
  rejected: '核验未通过',
  revoked: '已撤销',
  lapsed: '已失效（房屋已投票）',
  voted: '代理人已投票',
};

/** Acceptance codes: 12 characters (3 groups of 4) from an alphabet without look-alikes (no 0/O, 1/I/L). */
export const MANDATE_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** as typed: spaces and dashes dropped, upper-cased; then exactly 12 characters of the alphabet */
export const normalizeMandateCode = (raw: string) => raw.normalize('NFKC').replace(/[\s-]/g, '').toUpperCase();
export const MandateCodeSchema = z.string().check(z.maxLength(40), z.overwrite(normalizeMandateCode), z.regex(/^[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{12}$/));

const InstructionsSchema = z.array(z.strictObject({ itemId: IdSchema, instruction: z.enum(MANDATE_INSTRUCTIONS) })).check(z.minLength(1), z.maxLength(20));

export const CreateMandateSchema = z.strictObject({
  ...TopicUnitShape,
  proxyName: PersonNameSchema,
  proxyPhone: z.optional(z.string().check(z.overwrite(normalizePhone), z.regex(MOBILE_PATTERN))),
  /** one instruction for every item of the notice */
  instructions: InstructionsSchema,
  /** the signed mandate (photo or scan), an upload of the caller's own (deleted when the action is refused) */
  scanFileId: z.optional(z.string().check(textCheck(), z.minLength(1), z.maxLength(300))),
});
export type CreateMandateInput = z.infer<typeof CreateMandateSchema>;

/** The mandate as its owner sees it. */
export interface OwnerMandateView {
  topicId: string;
  unitId: string;
  unitLabel: string;
  /** masked (张*) */
  proxyName: string;
  /** masked (138****0000) or null */
  proxyPhone: string | null;
  instructions: { itemId: string; title: string; instruction: MandateInstruction }[];
  status: MandateStatus;
  hasScan: boolean;
  createdAt: Instant;
  /** the proxy entered the code */
  acceptedAt: Instant | null;
  checkedAt: Instant | null;
  rejectReason: string | null;
  /** the proxy's receipt once they voted */
  receipt: string | null;
}

export interface CreateMandateOutput {
  mandate: OwnerMandateView;
  /** shown once: the owner passes it to the proxy; only a keyed hash of it is stored */
  code: string;
}

export const UnitMandateSchema = z.strictObject(TopicUnitShape);
export type UnitMandateInput = z.infer<typeof UnitMandateSchema>;
export interface UnitMandateOutput {
  /** the unit's current mandate for this topic (live or the last ended one), null when none */
  mandate: OwnerMandateView | null;
  /** the frozen rules: may this vote be cast by proxy, and must a signed mandate be uploaded */
  proxyAllowed: boolean;
  mandateRequired: boolean;
  items: { itemId: string; title: string }[];
}

export const RevokeMandateSchema = z.strictObject(TopicUnitShape);
export type RevokeMandateInput = z.infer<typeof RevokeMandateSchema>;
export interface RevokeMandateOutput {
  mandate: OwnerMandateView;
}

/** The mandate as its proxy sees it: what they may vote for, and how. */
export interface ProxyMandateView {
  estateId: string;
  estateName: string;
  topicId: string;
  title: string;
  unitId: string;
  unitLabel: string;
  instructions: { itemId: string; title: string; instruction: MandateInstruction }[];
  status: MandateStatus;
  votingOpensAt: Instant;
  votingClosesAt: Instant;
  /** approved, not yet voted, the window open by the server clock */
  canVote: boolean;
  receipt: string | null;
  votedAt: Instant | null;
}

export const AcceptMandateSchema = z.strictObject({ code: MandateCodeSchema });
export type AcceptMandateInput = z.infer<typeof AcceptMandateSchema>;
export interface AcceptMandateOutput {
  mandate: ProxyMandateView;
}

export const MyMandatesSchema = z.strictObject({});
export type MyMandatesInput = z.infer<typeof MyMandatesSchema>;
export interface MyMandatesOutput {
  mandates: ProxyMandateView[];
}

export const CastProxyBallotSchema = z.strictObject({
  ...TopicUnitShape,
  idempotencyKey: IdempotencyKeySchema,
  choices: BallotChoicesSchema,
});
export type CastProxyBallotInput = z.infer<typeof CastProxyBallotSchema>;
export interface CastProxyBallotOutput {
  receipt: string;
  castAt: Instant;
}

/** The mandate as the checking staff see it (they need the full name to compare with the scan). */
export interface StaffMandateView {
  topicId: string;
  title: string;
  unitId: string;
  unitLabel: string;
  proxyName: string;
  proxyPhone: string | null;
  instructions: { itemId: string; title: string; instruction: MandateInstruction }[];
  status: MandateStatus;
  hasScan: boolean;
  accepted: boolean;
  createdAt: Instant;
  checkedAt: Instant | null;
  checkedByLabel: string | null;
  rejectReason: string | null;
}

export const ListMandatesSchema = z.strictObject({
  estateId: IdSchema,
  topicId: z.optional(IdSchema),
  /** awaiting (the check queue, default) or all */
  filter: z.optional(z.enum(['awaiting', 'all'])),
});
export type ListMandatesInput = z.infer<typeof ListMandatesSchema>;
export interface ListMandatesOutput {
  mandates: StaffMandateView[];
}

export const MandateScanSchema = z.strictObject(TopicUnitShape);
export type MandateScanInput = z.infer<typeof MandateScanSchema>;
export interface MandateScanOutput {
  fileName: string;
  /** `data:<type>;base64,…` */
  dataUrl: string;
}

export const ReviewMandateSchema = z.strictObject({
  ...TopicUnitShape,
  decision: z.enum(['approve', 'reject']),
  /** required when rejecting: shown to the owner */
  reason: z.optional(z.string().check(textCheck(), z.minLength(2), z.maxLength(200))),
});
export type ReviewMandateInput = z.infer<typeof ReviewMandateSchema>;
export interface ReviewMandateOutput {
  mandate: StaffMandateView;
}

export const proxyLabels: Record<string, string> = {
  proxyName: '代理人姓名',
  proxyPhone: '代理人手机号',
  instructions: '委托事项',
  instruction: '委托意见',
  scanFileId: '书面委托书',
  code: '委托码',
  decision: '核验结果',
  filter: '筛选',
};

const OWNER_ERRORS = ['UNIT_OWNERS_ONLY', 'NOT_REPRESENTATIVE', 'TOPIC_NOT_FOUND', 'BALLOT_STAGE', 'NOT_IN_ELECTORATE'] as const;

export const proxyActions = {
  unitMandate: action<UnitMandateOutput>()({
    input: UnitMandateSchema, access: 'voting.cast', scope: 'unit', errors: ['UNIT_OWNERS_ONLY', 'TOPIC_NOT_FOUND', 'BALLOT_STAGE'],
    summary: '本人房屋在某次表决中的委托情况，以及表决规则是否允许委托、是否须书面委托书',
  }),
  createMandate: action<CreateMandateOutput>()({
    input: CreateMandateSchema, access: 'voting.cast', scope: 'unit',
    errors: [...OWNER_ERRORS, 'MANDATE_NOT_ALLOWED', 'MANDATE_SCAN_REQUIRED', 'MANDATE_EXISTS', 'BALLOT_WINDOW_CLOSED', 'ALREADY_VOTED', 'BALLOT_ITEM_UNKNOWN', 'BALLOT_ITEM_TWICE', 'BALLOT_ITEM_MISSING', 'NOT_OWN_UPLOAD', 'FILE_NOT_FOUND'],
    summary: '表决权代表书面委托他人投票：代理人、逐项委托意见、签名委托书，返回一次性委托码',
    uploads: ['scanFileId'],
  }),
  revokeMandate: action<RevokeMandateOutput>()({
    input: RevokeMandateSchema, access: 'voting.cast', scope: 'unit', errors: [...OWNER_ERRORS, 'MANDATE_NOT_FOUND', 'MANDATE_ALREADY_USED'],
    summary: '代理人投票前撤销委托',
  }),
  acceptMandate: action<AcceptMandateOutput>()({
    input: AcceptMandateSchema, access: 'signedIn', scope: 'none', errors: ['MANDATE_CODE_WRONG', 'MANDATE_CODE_LOCKED', 'MANDATE_SELF'],
    summary: '代理人输入委托码，接受委托（绑定到本人微信账号）',
  }),
  myMandates: action<MyMandatesOutput>()({
    input: MyMandatesSchema, access: 'signedIn', scope: 'none', summary: '我接受的委托：可代为投票的房屋、议题和委托意见',
  }),
  castProxyBallot: action<CastProxyBallotOutput>()({
    // scope 'estate': the proxy owns nothing there; the use case admits only the mandate's bound proxy
    input: CastProxyBallotSchema, access: 'signedIn', scope: 'estate',
    errors: [
      'MANDATE_NOT_FOUND', 'MANDATE_NOT_CHECKED', 'MANDATE_REJECTED', 'MANDATE_LAPSED', 'MANDATE_NOT_ALLOWED', 'MANDATE_INSTRUCTION_MISMATCH', 'TOPIC_NOT_FOUND', 'BALLOT_STAGE',
      'BALLOT_WINDOW_NOT_OPEN', 'BALLOT_WINDOW_CLOSED', 'NOT_IN_ELECTORATE', 'BALLOT_ITEM_UNKNOWN', 'BALLOT_ITEM_TWICE', 'BALLOT_ITEM_MISSING', 'IDEMPOTENCY_KEY_REUSED',
    ],
    summary: '代理人按委托意见代为提交整套选票（委托书须已核验），返回回执码',
  }),
  listMandates: action<ListMandatesOutput>()({
    input: ListMandatesSchema, access: 'voting.checkMandate', scope: 'estate', summary: '待核验的书面委托（及已核验的）',
  }),
  mandateScan: action<MandateScanOutput>()({
    input: MandateScanSchema, access: 'voting.checkMandate', scope: 'estate', errors: ['MANDATE_NOT_FOUND', 'FILE_NOT_FOUND'],
    summary: '核验人员查看签名委托书原件',
  }),
  reviewMandate: action<ReviewMandateOutput>()({
    input: ReviewMandateSchema, access: 'voting.checkMandate', scope: 'estate', errors: ['MANDATE_NOT_FOUND', 'MANDATE_REVIEWED'],
    summary: '核验书面委托：通过，或说明理由退回（记录核验人）',
  }),
};

export type { BallotChoice };
