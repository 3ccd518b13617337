import type { BallotChoice } from '../../../types/voting';
import type {
  EnterPaperBallotInput,
  EnterPaperBallotOutput,
  ListPaperEntriesInput,
  ListPaperEntriesOutput,
  PaperEntryRow,
  PaperScanInput,
  PaperScanOutput,
} from '../../../types/voting-paper';
import { votableItems } from '../../core/deliberation/topic';
import { AppError } from '../../core/errors';
import { choicesText, packageChoices } from '../../core/voting/ballot';
import { DuplicateKeyError, type Crypto } from '../../ports';
import type { ActionContext } from '../action';
import { appendAudit } from '../audit/log';
import { readTopic } from '../deliberation/topics';
import { accountKeyOf } from '../identity/accounts';
import { UNITS, type UnitDoc } from '../identity/records';
import { isOwnUpload } from '../uploads';
import { announcedTopic, electorateUnit, frozenElectorate } from './context';
import { isLiveRequest, paperRequestId, VOTE_PAPER_ENTRIES, VOTE_PAPER_REQUESTS, type PaperEntryDoc, type PaperRequestDoc } from './paper-records';

/**
 * How a paper ballot's received time is judged (server clock): it must lie inside the frozen window
 * [votingOpensAt, votingClosesAt) — a paper handed in after the close does not count, even when it is entered
 * while the vote is still being closed — and not after the server's now, with RECEIVED_GRACE_MS for a staff
 * device whose clock runs a little fast. Entry itself is possible while the topic is in voting (also after the
 * window's end, for papers received in time); approval needs the same stage, so after closeVote nothing more counts.
 */
export const RECEIVED_GRACE_MS = 5 * 60_000;

const ENTRY_LIMIT = 500;

/** The same keyed content hash castBallot computes, so the receipt and the ledger's commitment work alike. */
export const paperContentHash = (crypto: Crypto, topicId: string, unitId: string, choices: { itemId: string; choice: string }[]) =>
  crypto.keyedHash('ballot-content', `${topicId}\u0000${unitId}\u0000${choicesText(choices)}`);

export function checkReceivedAt(receivedAt: string, nowMs: number, window: { votingOpensAt: string; votingClosesAt: string }): string {
  const at = Date.parse(receivedAt);
  if (!(at >= Date.parse(window.votingOpensAt) && at < Date.parse(window.votingClosesAt))) {
    throw AppError.field('receivedAt', 'PAPER_RECEIVED_OUTSIDE_WINDOW', { opensAt: window.votingOpensAt, closesAt: window.votingClosesAt });
  }
  if (at > nowMs + RECEIVED_GRACE_MS) throw AppError.field('receivedAt', 'PAPER_RECEIVED_IN_FUTURE', { now: new Date(nowMs).toISOString() });
  return new Date(at).toISOString();
}

/**
 * `enterPaperBallot`: a staff member enters a returned paper ballot with its scan. The unit must be in the frozen
 * electorate; where the notice does not name the paper channel the unit must have a live paper request (the
 * request is then marked delivered in the same transaction: the paper came back, it cannot be withdrawn). The
 * entry waits for a second staff member (reviewPaperEntry). One entry per (enterer, idempotency key): a retry with
 * the same content answers the same entry; a second pending entry for the unit is refused.
 */
export async function enterPaperBallot({ ports, caller }: ActionContext, input: EnterPaperBallotInput): Promise<EnterPaperBallotOutput> {
  const { storage, clock, crypto, files } = ports;
  const { topicId, unitId, estateId } = input;
  const { topic, announcement } = await announcedTopic(storage, estateId, topicId, ['voting']);
  const voter = electorateUnit(await frozenElectorate(storage, topicId), unitId);
  const choices = packageChoices<BallotChoice>(votableItems(topic.data), input.choices);
  const receivedAt = checkReceivedAt(input.receivedAt, clock.now().getTime(), announcement);
  if (!isOwnUpload(input.scanFileId, caller.openid)) throw AppError.field('scanFileId', 'NOT_OWN_UPLOAD');
  const me = accountKeyOf(crypto, estateId, caller.openid);
  const contentHash = paperContentHash(crypto, topicId, unitId, choices);
  const entryId = `pe_${crypto.sha256(`${me}\u0000${input.idempotencyKey}`).slice(0, 32)}`;
  const answer = (doc: PaperEntryDoc): EnterPaperBallotOutput => {
    if (doc.contentHash !== contentHash || doc.unitId !== unitId || doc.topicId !== topicId) throw new AppError('IDEMPOTENCY_KEY_REUSED');
    return { entryId, state: doc.state, enteredAt: doc.enteredAt };
  };
  const previous = await storage.get<PaperEntryDoc>(VOTE_PAPER_ENTRIES, entryId);
  if (previous) return answer(previous.data);

  if (!(await files.get(input.scanFileId))) throw AppError.field('scanFileId', 'FILE_NOT_FOUND');
  const paperChannel = announcement.channels.includes('paper');
  const pending = await storage.count(VOTE_PAPER_ENTRIES, { topicId, unitId, state: 'pending' });
  if (pending > 0) throw new AppError('PAPER_ENTRY_PENDING');

  const run = () =>
    storage.transaction(async (tx) => {
      const again = await tx.get<PaperEntryDoc>(VOTE_PAPER_ENTRIES, entryId);
      if (again) return answer(again.data);
      const request = await tx.get<PaperRequestDoc>(VOTE_PAPER_REQUESTS, paperRequestId(topicId, unitId));
      if (!paperChannel && !isLiveRequest(request?.data)) throw new AppError('PAPER_NOT_REQUESTED');
      const at = clock.now().toISOString();
      const doc: PaperEntryDoc = {
        estateId, topicId, unitId, building: voter.building, choices, contentHash, receivedAt,
        scanFileId: input.scanFileId, scanName: scanNameOf(input.scanFileId),
        enteredBy: me, enteredAt: at, state: 'pending', reviewedBy: null, reviewedAt: null, rejectReason: null, rev: 1,
      };
      await tx.create(VOTE_PAPER_ENTRIES, entryId, doc);
      if (request && request.data.state === 'requested') {
        await tx.update(VOTE_PAPER_REQUESTS, request.id, request.version, { ...request.data, state: 'delivered', deliveredAt: at, deliveredBy: me, rev: request.data.rev + 1 });
      }
      await appendAudit(tx, { clock, crypto }, { estateId, actor: caller.openid, action: 'paper.entered', subject: `units/${unitId}`, data: { topicId, entryId } });
      return { entryId, state: doc.state, enteredAt: at };
    });
  try {
    return await run();
  } catch (err) {
    // a double tap lost the race for the entry's id: the winner's entry is the answer
    if (err instanceof DuplicateKeyError) return run();
    throw err;
  }
}

/** the display name of an upload: its key without the folder and the random prefix (`uploads/<openid>/<random>-<name>`) */
function scanNameOf(fileId: string): string {
  const base = fileId.split('/').pop() ?? fileId;
  return base.replace(/^[A-Za-z0-9]+-/, '') || base;
}

/**
 * `listPaperEntries`: a vote's paper entries in one state (default: the review queue), oldest first, with the
 * choices as the paper says and whether the caller entered it. Never an online ballot's choice.
 */
export async function listPaperEntries({ ports, caller }: ActionContext, input: ListPaperEntriesInput): Promise<ListPaperEntriesOutput> {
  const { storage, crypto } = ports;
  const topic = await readTopic(storage, input.estateId, input.topicId);
  const docs = await storage.find<PaperEntryDoc>(VOTE_PAPER_ENTRIES, {
    where: { topicId: input.topicId, state: input.state ?? 'pending' },
    orderBy: { field: 'enteredAt', direction: 'asc' },
    limit: ENTRY_LIMIT,
  });
  const mine = docs.filter((d) => d.data.estateId === input.estateId);
  const units = await storage.getMany<UnitDoc>(UNITS, mine.map((d) => d.data.unitId));
  const titleOf = new Map(votableItems(topic.data).map((i) => [i.itemId, i.title]));
  const me = accountKeyOf(crypto, input.estateId, caller.openid);
  const entries: PaperEntryRow[] = mine.map((d, i) => ({
    entryId: d.id,
    unitId: d.data.unitId,
    unitLabel: units[i]?.data.label ?? d.data.unitId,
    building: d.data.building,
    choices: d.data.choices.map((c) => ({ itemId: c.itemId, title: titleOf.get(c.itemId) ?? c.itemId, choice: c.choice })),
    receivedAt: d.data.receivedAt,
    enteredAt: d.data.enteredAt,
    enteredByMe: d.data.enteredBy === me,
    state: d.data.state,
    reviewedAt: d.data.reviewedAt,
    rejectReason: d.data.rejectReason,
  }));
  return { entries };
}

const SCAN_TYPES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp', pdf: 'application/pdf' };

/** `paperScan`: the scan of an entry as a data URL, for the reviewer (staff with voting.enterPaper of this estate). */
export async function paperScan({ ports }: ActionContext, input: PaperScanInput): Promise<PaperScanOutput> {
  const entry = await ports.storage.get<PaperEntryDoc>(VOTE_PAPER_ENTRIES, input.entryId);
  if (!entry || entry.data.estateId !== input.estateId) throw new AppError('PAPER_ENTRY_NOT_FOUND');
  const bytes = await ports.files.get(entry.data.scanFileId);
  if (!bytes) throw new AppError('FILE_NOT_FOUND');
  const type = SCAN_TYPES[entry.data.scanFileId.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';
  return { fileName: entry.data.scanName, dataUrl: `data:${type};base64,${Buffer.from(bytes).toString('base64')}` };
}
