import * as z from 'zod/mini';
import { IdSchema, textCheck, type Instant } from './common';
import { action } from './contract';
import { BallotChoicesSchema, IdempotencyKeySchema, TopicUnitShape, type BallotChoice } from './voting-shared';

/**
 * voting, paper part: paper ballots (issue 11 item 3, DOMAIN §4 双人录入复核). An owner (the unit's voting
 * representative) asks for paper where the frozen notice offers it (channels include paper, or the frozen rules'
 * paperOnRequest): online entry closes for the unit until the request is withdrawn, which is possible until staff
 * mark the paper delivered. Staff enter a returned paper ballot with its scan; a DIFFERENT staff member reviews
 * the entry: approved, it becomes the unit's one valid ballot (channel 'paper', same ballot id as online) with a
 * receipt the owner sees under 我的投票; a unit that already has a valid ballot keeps it and the entry is kept as
 * invalid evidence; rejected, it is kept with the reason. Staff never see online choices, only paper entries.
 * Spread into the voting capability by types/voting.ts; handlers in server/app/voting/paper-handlers.ts.
 */

export type PaperRequestState = 'requested' | 'delivered' | 'withdrawn';
export const PAPER_REQUEST_STATE_LABELS: Record<PaperRequestState, string> = { requested: '已申请，待送达', delivered: '纸质选票已送达', withdrawn: '已撤回' };

export type PaperEntryState = 'pending' | 'approved' | 'rejected' | 'invalid';
export const PAPER_ENTRY_STATE_LABELS: Record<PaperEntryState, string> = {
  pending: '待复核',
  approved: '已通过，计入表决',
  rejected: '已退回',
  invalid: '无效（这套房屋已有有效选票）',
};

// ───────────────────────── owner side ─────────────────────────

export const PaperRequestSchema = z.strictObject(TopicUnitShape);
export type PaperRequestInput = z.infer<typeof PaperRequestSchema>;
/** The unit's paper request as its owner sees it. */
export interface PaperRequestOutput {
  /** the notice offers paper for this vote (channels include paper, or the frozen rules' paperOnRequest) */
  offered: boolean;
  /** null: never asked */
  state: PaperRequestState | null;
  requestedAt: Instant | null;
  deliveredAt: Instant | null;
  /** the representative may ask now (offered, still open, no live request, no valid ballot) */
  canRequest: boolean;
  /** asked and not yet delivered */
  canWithdraw: boolean;
}

// ───────────────────────── staff side ─────────────────────────

export const ListPaperRequestsSchema = z.strictObject({ estateId: IdSchema, topicId: IdSchema });
export type ListPaperRequestsInput = z.infer<typeof ListPaperRequestsSchema>;
export interface PaperRequestRow {
  unitId: string;
  unitLabel: string;
  building: string;
  state: Exclude<PaperRequestState, 'withdrawn'>;
  requestedAt: Instant;
  deliveredAt: Instant | null;
}
export interface ListPaperRequestsOutput {
  /** live requests (withdrawn ones are left out), to print and deliver */
  requests: PaperRequestRow[];
}

export const MarkPaperDeliveredSchema = z.strictObject({ estateId: IdSchema, topicId: IdSchema, unitId: IdSchema });
export type MarkPaperDeliveredInput = z.infer<typeof MarkPaperDeliveredSchema>;
export interface MarkPaperDeliveredOutput {
  deliveredAt: Instant;
}

export const EnterPaperBallotSchema = z.strictObject({
  estateId: IdSchema,
  topicId: IdSchema,
  unitId: IdSchema,
  /** the same for every retry of one entry (a double tap enters it once) */
  idempotencyKey: IdempotencyKeySchema,
  /** what the paper says, one choice per item of the notice */
  choices: BallotChoicesSchema,
  /** when the paper ballot was received (ISO instant); inside the voting window and not after the server's now */
  receivedAt: z.iso.datetime({ offset: true }),
  /** the scan or photo of the signed paper ballot (an upload under the caller's own folder) */
  scanFileId: z.string().check(textCheck(), z.minLength(1), z.maxLength(300)),
});
export type EnterPaperBallotInput = z.infer<typeof EnterPaperBallotSchema>;
export interface EnterPaperBallotOutput {
  entryId: string;
  state: PaperEntryState;
  enteredAt: Instant;
}

export const ListPaperEntriesSchema = z.strictObject({
  estateId: IdSchema,
  topicId: IdSchema,
  /** default: pending (the review queue) */
  state: z.optional(z.enum(['pending', 'approved', 'rejected', 'invalid'])),
});
export type ListPaperEntriesInput = z.infer<typeof ListPaperEntriesSchema>;
export interface PaperEntryRow {
  entryId: string;
  unitId: string;
  unitLabel: string;
  building: string;
  /** what the paper says (entered from the paper; never an online choice) */
  choices: { itemId: string; title: string; choice: BallotChoice }[];
  receivedAt: Instant;
  enteredAt: Instant;
  /** the caller entered it: they may not review it */
  enteredByMe: boolean;
  state: PaperEntryState;
  reviewedAt: Instant | null;
  rejectReason: string | null;
}
export interface ListPaperEntriesOutput {
  entries: PaperEntryRow[];
}

export const PaperScanSchema = z.strictObject({ estateId: IdSchema, entryId: IdSchema });
export type PaperScanInput = z.infer<typeof PaperScanSchema>;
export interface PaperScanOutput {
  fileName: string;
  /** `data:<type>;base64,…` of the scan */
  dataUrl: string;
}

export const ReviewPaperEntrySchema = z.strictObject({
  estateId: IdSchema,
  entryId: IdSchema,
  decision: z.enum(['approve', 'reject']),
  /** required when rejecting */
  rejectReason: z.optional(z.string().check(textCheck({ multiline: true }), z.maxLength(200))),
});
export type ReviewPaperEntryInput = z.infer<typeof ReviewPaperEntrySchema>;
export interface ReviewPaperEntryOutput {
  /** approved: the unit's valid ballot now; invalid: the unit already had one (kept as evidence); rejected */
  state: Exclude<PaperEntryState, 'pending'>;
  reviewedAt: Instant;
}

export const paperLabels: Record<string, string> = {
  receivedAt: '收到时间',
  scanFileId: '纸质选票扫描件',
  entryId: '录入记录',
  decision: '复核结论',
  rejectReason: '退回理由',
  state: '状态',
};

const OWNER_ERRORS = ['UNIT_OWNERS_ONLY', 'NOT_REPRESENTATIVE', 'TOPIC_NOT_FOUND', 'BALLOT_STAGE', 'NOT_IN_ELECTORATE'] as const;
const ENTRY_ERRORS = ['TOPIC_NOT_FOUND', 'BALLOT_STAGE', 'PAPER_ENTRY_NOT_FOUND'] as const;

export const paperActions = {
  paperRequest: action<PaperRequestOutput>()({
    input: PaperRequestSchema, access: 'voting.cast', scope: 'unit', errors: ['UNIT_OWNERS_ONLY', 'TOPIC_NOT_FOUND', 'BALLOT_STAGE', 'NOT_IN_ELECTORATE'],
    summary: '本人房屋的纸质选票申请情况（能否申请、能否撤回）',
  }),
  requestPaperBallot: action<PaperRequestOutput>()({
    input: PaperRequestSchema, access: 'voting.cast', scope: 'unit',
    errors: [...OWNER_ERRORS, 'BALLOT_WINDOW_CLOSED', 'PAPER_NOT_OFFERED', 'PAPER_ALREADY_REQUESTED', 'ALREADY_VOTED'],
    summary: '表决权代表申请纸质选票（这套房屋的线上投票随之关闭）',
  }),
  withdrawPaperRequest: action<PaperRequestOutput>()({
    input: PaperRequestSchema, access: 'voting.cast', scope: 'unit',
    errors: [...OWNER_ERRORS, 'PAPER_NOT_REQUESTED', 'PAPER_ALREADY_DELIVERED'],
    summary: '纸质选票送达前撤回申请（线上投票重新开放）',
  }),
  listPaperRequests: action<ListPaperRequestsOutput>()({
    input: ListPaperRequestsSchema, access: 'voting.enterPaper', scope: 'estate', errors: ['TOPIC_NOT_FOUND', 'BALLOT_STAGE'],
    summary: '纸质选票申请清单（打印、送达）',
  }),
  markPaperDelivered: action<MarkPaperDeliveredOutput>()({
    input: MarkPaperDeliveredSchema, access: 'voting.enterPaper', scope: 'estate', errors: ['TOPIC_NOT_FOUND', 'BALLOT_STAGE', 'PAPER_NOT_REQUESTED'],
    summary: '登记纸质选票已送达（此后业主不能再撤回申请）',
  }),
  enterPaperBallot: action<EnterPaperBallotOutput>()({
    input: EnterPaperBallotSchema, access: 'voting.enterPaper', scope: 'estate',
    errors: [
      'TOPIC_NOT_FOUND', 'BALLOT_STAGE', 'NOT_IN_ELECTORATE', 'PAPER_NOT_REQUESTED', 'PAPER_RECEIVED_OUTSIDE_WINDOW', 'PAPER_RECEIVED_IN_FUTURE',
      'BALLOT_ITEM_UNKNOWN', 'BALLOT_ITEM_TWICE', 'BALLOT_ITEM_MISSING', 'NOT_OWN_UPLOAD', 'FILE_NOT_FOUND', 'IDEMPOTENCY_KEY_REUSED', 'PAPER_ENTRY_PENDING',
    ],
    summary: '工作人员录入一张纸质选票（附扫描件），等待另一位工作人员复核',
    uploads: ['scanFileId'],
  }),
  listPaperEntries: action<ListPaperEntriesOutput>()({
    input: ListPaperEntriesSchema, access: 'voting.enterPaper', scope: 'estate', errors: ['TOPIC_NOT_FOUND'],
    summary: '纸质选票录入记录（默认：待复核）',
  }),
  paperScan: action<PaperScanOutput>()({
    input: PaperScanSchema, access: 'voting.enterPaper', scope: 'estate', errors: ['PAPER_ENTRY_NOT_FOUND', 'FILE_NOT_FOUND'],
    summary: '查看纸质选票的扫描件（复核用）',
  }),
  reviewPaperEntry: action<ReviewPaperEntryOutput>()({
    input: ReviewPaperEntrySchema, access: 'voting.enterPaper', scope: 'estate',
    errors: [...ENTRY_ERRORS, 'PAPER_OWN_ENTRY', 'PAPER_ENTRY_DECIDED', 'PAPER_REASON_REQUIRED'],
    summary: '另一位工作人员复核纸质选票录入：通过则计入表决，退回须写理由',
  }),
};
