import { ROLE_LABELS } from '../../../types/roles';
import type { TopicStage } from '../../../types/topics';
import type { BallotChoice } from '../../../types/voting-shared';
import {
  MANDATE_CODE_ALPHABET,
  MANDATE_INSTRUCTION_LABELS,
  MANDATE_STATUS_LABELS,
  type AcceptMandateInput,
  type AcceptMandateOutput,
  type CastProxyBallotInput,
  type CastProxyBallotOutput,
  type CreateMandateInput,
  type CreateMandateOutput,
  type ListMandatesInput,
  type ListMandatesOutput,
  type MandateScanInput,
  type MandateScanOutput,
  type MandateStatus,
  type MyMandatesInput,
  type MyMandatesOutput,
  type OwnerMandateView,
  type ProxyMandateView,
  type ReviewMandateInput,
  type ReviewMandateOutput,
  type RevokeMandateInput,
  type RevokeMandateOutput,
  type StaffMandateView,
  type UnitMandateInput,
  type UnitMandateOutput,
} from '../../../types/voting-proxy';
import { votableItems } from '../../core/deliberation/topic';
import { AppError } from '../../core/errors';
import { maskName, maskPhone } from '../../core/identity/masking';
import { afterFailure, isLocked, type VerificationPolicy } from '../../core/identity/verification';
import { checkWindow, choicesText, packageChoices } from '../../core/voting/ballot';
import type { StoredDoc, Storage } from '../../ports';
import type { ActionContext } from '../action';
import { appendAudit } from '../audit/log';
import type { TopicDoc } from '../deliberation/records';
import { TOPICS } from '../deliberation/records';
import { accountKeyOf } from '../identity/accounts';
import { ESTATES, UNITS, type EstateDoc, type UnitDoc } from '../identity/records';
import { isOwnUpload } from '../uploads';
import { writePackageBallot } from './castBallot';
import { announcedTopic, electorateUnit, frozenElectorate, frozenRules, ownUnit, requireRepresentative } from './context';
import { LIVE_MANDATE, mandateId, VOTE_MANDATE_ATTEMPTS, VOTE_MANDATE_HISTORY, VOTE_MANDATES, type MandateAttemptDoc, type MandateDoc } from './proxy-records';
import { ballotId, requestId, VOTE_BALLOTS, type BallotDoc } from './records';

/**
 * Proxy voting with a written mandate (types/voting-proxy.ts has the whole procedure). Decisions:
 * - the staff check precedes the proxy's vote: castProxyBallot is refused until the mandate is approved, so a
 *   proxy ballot only ever counts from a checked mandate (the check may happen before or after the proxy
 *   accepted the code);
 * - the owner's own online vote before the proxy votes wins: castBallot is untouched (no extra read on the
 *   hot path); the mandate then LAPSES — every view derives it from the unit's valid ballot, and the proxy's
 *   later attempt is kept as invalid evidence, refused with MANDATE_LAPSED and persists the status;
 * - a proxy never replaces a ballot, even where the frozen rules allow the representative to change theirs;
 * - the proxy does not confirm delivery: the mandate page shows them the frozen items with the instructions.
 */

const VOTE_STAGES: readonly TopicStage[] = ['announced', 'voting', 'counting', 'publication', 'endorsement', 'implementation', 'closed'];
/** wrong acceptance codes per account before a lock */
export const MANDATE_CODE_POLICY: VerificationPolicy = { requireIdLast4: false, maxFailures: 5, lockHours: 1 };
const LIST_LIMIT = 100;

const SCAN_TYPES: Record<string, string> = { pdf: 'application/pdf', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp', heic: 'image/heic' };
export const MANDATE_SCAN_MAX_MB = 5;

type Item = { itemId: string; title: string };
const titled = (items: readonly Item[], instructions: MandateDoc['instructions']) => {
  const title = new Map(items.map((i) => [i.itemId, i.title]));
  return instructions.map((i) => ({ itemId: i.itemId, title: title.get(i.itemId) ?? i.itemId, instruction: i.instruction }));
};

/** A fresh acceptance code: 12 characters from an alphabet without look-alikes (≈ 59 bits). */
function newCode(randomInt: (max: number) => number): string {
  let code = '';
  for (let i = 0; i < 12; i++) code += MANDATE_CODE_ALPHABET[randomInt(MANDATE_CODE_ALPHABET.length)];
  return code;
}
export const formatMandateCode = (code: string) => code.replace(/(.{4})(?=.)/g, '$1-');

/**
 * The status a view shows: a live mandate whose unit already has a valid ballot that is not this mandate's
 * has lapsed (the owner voted first, or another channel did).
 */
async function effectiveStatuses(storage: Storage, docs: readonly StoredDoc<MandateDoc>[], firstItem: (d: MandateDoc) => string | undefined): Promise<MandateStatus[]> {
  const probes = docs.map((d) => {
    const item = LIVE_MANDATE.includes(d.data.status) ? firstItem(d.data) : undefined;
    return item ? ballotId(d.data.topicId, item, d.data.unitId) : null;
  });
  const ids = probes.filter((p): p is string => p !== null);
  const ballots = ids.length ? await storage.getMany<BallotDoc>(VOTE_BALLOTS, ids) : [];
  const byId = new Map(ids.map((id, i) => [id, ballots[i]?.data ?? null]));
  return docs.map((d, i) => {
    const ballot = probes[i] ? byId.get(probes[i]!) : null;
    return ballot && ballot.mandateId !== d.id ? 'lapsed' : d.data.status;
  });
}

function ownerView(doc: MandateDoc, status: MandateStatus, items: readonly Item[], unitLabel: string): OwnerMandateView {
  return {
    topicId: doc.topicId,
    unitId: doc.unitId,
    unitLabel,
    proxyName: maskName(doc.proxyName),
    proxyPhone: doc.proxyPhone ? maskPhone(doc.proxyPhone) : null,
    instructions: titled(items, doc.instructions),
    status,
    hasScan: doc.scan !== null,
    createdAt: doc.createdAt,
    acceptedAt: doc.acceptedAt,
    checkedAt: doc.checkedAt,
    rejectReason: doc.rejectReason,
    receipt: doc.receipt,
  };
}

async function unitLabelOf(storage: Storage, unitId: string): Promise<string> {
  return (await storage.get<UnitDoc>(UNITS, unitId))?.data.label ?? unitId;
}

/** unitMandate: the owner's page reads the unit's mandate and what the frozen rules allow. */
export async function unitMandate({ ports, caller }: ActionContext, input: UnitMandateInput): Promise<UnitMandateOutput> {
  const { storage } = ports;
  await ownUnit(storage, caller, input.estateId, input.unitId);
  const { topic, announcement } = await announcedTopic(storage, input.estateId, input.topicId, VOTE_STAGES);
  const rules = await frozenRules(storage, announcement);
  const items = votableItems(topic.data).map((i) => ({ itemId: i.itemId, title: i.title }));
  const doc = await storage.get<MandateDoc>(VOTE_MANDATES, mandateId(input.topicId, input.unitId));
  let mandate: OwnerMandateView | null = null;
  if (doc) {
    const [status] = await effectiveStatuses(storage, [doc], () => items[0]?.itemId);
    mandate = ownerView(doc.data, status!, items, await unitLabelOf(storage, input.unitId));
  }
  return { mandate, proxyAllowed: rules.proxyAllowed, mandateRequired: rules.mandateRequired, items };
}

/**
 * createMandate: the unit's representative, the topic announced or voting (window not over), the frozen rules
 * allow proxies, an instruction for every item, the scan where the rules require one, the unit not voted yet,
 * no live mandate. Returns the one-time code; stores its keyed hash.
 */
export async function createMandate({ ports, caller }: ActionContext, input: CreateMandateInput): Promise<CreateMandateOutput> {
  const { storage, clock, crypto, files } = ports;
  const { estateId, topicId, unitId } = input;
  const link = await ownUnit(storage, caller, estateId, unitId);
  await requireRepresentative(storage, caller, unitId);
  const { topic, announcement } = await announcedTopic(storage, estateId, topicId, ['announced', 'voting']);
  if (clock.now().getTime() >= Date.parse(announcement.votingClosesAt)) throw new AppError('BALLOT_WINDOW_CLOSED', { closesAt: announcement.votingClosesAt });
  const rules = await frozenRules(storage, announcement);
  if (!rules.proxyAllowed) throw new AppError('MANDATE_NOT_ALLOWED');
  electorateUnit(await frozenElectorate(storage, topicId), unitId);
  const items = votableItems(topic.data).map((i) => ({ itemId: i.itemId, title: i.title }));
  const instructions = packageChoices(items, input.instructions.map((i) => ({ itemId: i.itemId, choice: i.instruction }))).map((c) => ({ itemId: c.itemId, instruction: c.choice }));
  let scan: MandateDoc['scan'] = null;
  if (input.scanFileId) {
    if (!isOwnUpload(input.scanFileId, caller.openid)) throw new AppError('NOT_OWN_UPLOAD');
    if (!(await files.get(input.scanFileId))) throw new AppError('FILE_NOT_FOUND');
    scan = { fileId: input.scanFileId, fileName: `委托书.${input.scanFileId.split('.').pop()?.toLowerCase() ?? 'jpg'}` };
  } else if (rules.mandateRequired) {
    throw AppError.field('scanFileId', 'MANDATE_SCAN_REQUIRED');
  }
  const code = newCode((m) => crypto.randomInt(m));
  const id = mandateId(topicId, unitId);
  const at = clock.now().toISOString();
  const doc = await storage.transaction(async (tx) => {
    const voted = items[0] ? await tx.get<BallotDoc>(VOTE_BALLOTS, ballotId(topicId, items[0].itemId, unitId)) : null;
    if (voted) throw new AppError('ALREADY_VOTED', { receipt: voted.data.receipt });
    const previous = await tx.get<MandateDoc>(VOTE_MANDATES, id);
    if (previous && LIVE_MANDATE.includes(previous.data.status)) throw new AppError('MANDATE_EXISTS', { status: MANDATE_STATUS_LABELS[previous.data.status] });
    const next: MandateDoc = {
      estateId, topicId, unitId,
      ownerOpenid: caller.openid, ownerAccountKey: link.data.accountKey,
      proxyName: input.proxyName, proxyPhone: input.proxyPhone ?? null,
      instructions, scan,
      codeHash: crypto.keyedHash('mandate-code', code),
      proxyOpenid: null, acceptedAt: null,
      status: 'awaiting', createdAt: at,
      checkedAt: null, checkedBy: null, checkedByLabel: null, rejectReason: null, endedAt: null,
      receipt: null, votedAt: null,
      round: previous ? previous.data.round + 1 : 1,
    };
    if (previous) {
      // an ended mandate (revoked, rejected, lapsed, or voted under a change-allowing rule) stays on record
      await tx.create(VOTE_MANDATE_HISTORY, `${id}:r${previous.data.round}`, { ...previous.data });
      await tx.update(VOTE_MANDATES, id, previous.version, next);
    } else {
      await tx.create(VOTE_MANDATES, id, next);
    }
    await appendAudit(tx, { clock, crypto }, {
      estateId, actor: caller.openid, action: 'mandate.created', subject: `units/${unitId}`,
      data: { topicId, round: next.round, scan: scan !== null, instructions: instructions.map((i) => i.instruction).join(',') },
    });
    return next;
  });
  return { mandate: ownerView(doc, doc.status, items, await unitLabelOf(storage, unitId)), code: formatMandateCode(code) };
}

/** revokeMandate: the representative, until the proxy has voted. */
export async function revokeMandate({ ports, caller }: ActionContext, input: RevokeMandateInput): Promise<RevokeMandateOutput> {
  const { storage, clock, crypto } = ports;
  const { estateId, topicId, unitId } = input;
  await ownUnit(storage, caller, estateId, unitId);
  await requireRepresentative(storage, caller, unitId);
  const { topic } = await announcedTopic(storage, estateId, topicId, VOTE_STAGES);
  const items = votableItems(topic.data);
  const id = mandateId(topicId, unitId);
  const doc = await storage.transaction(async (tx) => {
    const m = await tx.get<MandateDoc>(VOTE_MANDATES, id);
    if (!m || m.data.estateId !== estateId) throw new AppError('MANDATE_NOT_FOUND');
    if (m.data.status === 'voted') throw new AppError('MANDATE_ALREADY_USED');
    if (!LIVE_MANDATE.includes(m.data.status)) throw new AppError('MANDATE_NOT_FOUND');
    const next: MandateDoc = { ...m.data, status: 'revoked', endedAt: clock.now().toISOString() };
    await tx.update(VOTE_MANDATES, id, m.version, next);
    await appendAudit(tx, { clock, crypto }, { estateId, actor: caller.openid, action: 'mandate.revoked', subject: `units/${unitId}`, data: { topicId, round: m.data.round } });
    return next;
  });
  return { mandate: ownerView(doc, doc.status, items, await unitLabelOf(storage, unitId)) };
}

const attemptId = (crypto: ActionContext['ports']['crypto'], openid: string) => `ma_${crypto.keyedHash('mandate-attempts', openid).slice(0, 40)}`;

/**
 * acceptMandate: any signed-in account enters the code; a live mandate with that code is bound to the
 * account (the same account again: the same answer). Wrong codes, and codes of a mandate another account
 * already accepted, count toward a per-account lock (MANDATE_CODE_POLICY).
 */
export async function acceptMandate({ ports, caller }: ActionContext, input: AcceptMandateInput): Promise<AcceptMandateOutput> {
  const { storage, clock, crypto } = ports;
  const now = clock.now();
  const aid = attemptId(crypto, caller.openid);
  const attempts = await storage.get<MandateAttemptDoc>(VOTE_MANDATE_ATTEMPTS, aid);
  if (attempts && isLocked(attempts.data, now)) throw new AppError('MANDATE_CODE_LOCKED', { retryAt: attempts.data.lockedUntil! });
  const codeHash = crypto.keyedHash('mandate-code', input.code);
  const found = (await storage.find<MandateDoc>(VOTE_MANDATES, { where: { codeHash }, limit: 5 })).find((d) => LIVE_MANDATE.includes(d.data.status));
  if (found && found.data.ownerOpenid === caller.openid) throw new AppError('MANDATE_SELF');
  if (!found || (found.data.proxyOpenid !== null && found.data.proxyOpenid !== caller.openid)) {
    const left = await storage.transaction(async (tx) => {
      const cur = await tx.get<MandateAttemptDoc>(VOTE_MANDATE_ATTEMPTS, aid);
      const next = afterFailure(cur?.data ?? null, now, MANDATE_CODE_POLICY);
      const data: MandateAttemptDoc = { failures: next.failures, lockedUntil: next.lockedUntil };
      if (cur) await tx.update(VOTE_MANDATE_ATTEMPTS, aid, cur.version, data);
      else await tx.create(VOTE_MANDATE_ATTEMPTS, aid, data);
      return next;
    });
    if (left.justLocked) throw new AppError('MANDATE_CODE_LOCKED', { retryAt: left.lockedUntil! });
    throw new AppError('MANDATE_CODE_WRONG', { attemptsLeft: left.attemptsLeft });
  }
  let doc = found.data;
  if (doc.proxyOpenid === null) {
    doc = await storage.transaction(async (tx) => {
      const m = await tx.get<MandateDoc>(VOTE_MANDATES, found.id);
      if (!m || m.data.codeHash !== codeHash || !LIVE_MANDATE.includes(m.data.status) || (m.data.proxyOpenid !== null && m.data.proxyOpenid !== caller.openid)) {
        throw new AppError('MANDATE_CODE_WRONG', { attemptsLeft: MANDATE_CODE_POLICY.maxFailures - (attempts?.data.failures ?? 0) });
      }
      if (m.data.proxyOpenid === caller.openid) return m.data;
      const next: MandateDoc = { ...m.data, proxyOpenid: caller.openid, acceptedAt: now.toISOString() };
      await tx.update(VOTE_MANDATES, m.id, m.version, next);
      await appendAudit(tx, { clock, crypto }, { estateId: m.data.estateId, actor: caller.openid, action: 'mandate.accepted', subject: `units/${m.data.unitId}`, data: { topicId: m.data.topicId, round: m.data.round } });
      return next;
    });
  }
  const [view] = await proxyViews(ports, [{ ...found, data: doc }]);
  return { mandate: view! };
}

async function proxyViews(ports: ActionContext['ports'], docs: StoredDoc<MandateDoc>[]): Promise<ProxyMandateView[]> {
  const { storage, clock } = ports;
  if (docs.length === 0) return [];
  const topicIds = [...new Set(docs.map((d) => d.data.topicId))];
  const estateIds = [...new Set(docs.map((d) => d.data.estateId))];
  const unitIds = [...new Set(docs.map((d) => d.data.unitId))];
  const [topics, estates, units] = await Promise.all([
    storage.getMany<TopicDoc>(TOPICS, topicIds),
    storage.getMany<EstateDoc>(ESTATES, estateIds),
    storage.getMany<UnitDoc>(UNITS, unitIds),
  ]);
  const topicOf = new Map(topicIds.map((id, i) => [id, topics[i]?.data ?? null]));
  const estateOf = new Map(estateIds.map((id, i) => [id, estates[i]?.data.name ?? id]));
  const unitOf = new Map(unitIds.map((id, i) => [id, units[i]?.data.label ?? id]));
  const statuses = await effectiveStatuses(storage, docs, (d) => topicOf.get(d.topicId)?.announcement?.items[0]?.itemId);
  const now = clock.now().getTime();
  const views: ProxyMandateView[] = [];
  docs.forEach((d, i) => {
    const topic = topicOf.get(d.data.topicId);
    const a = topic?.announcement;
    if (!topic || !a) return;
    const status = statuses[i]!;
    views.push({
      estateId: d.data.estateId,
      estateName: estateOf.get(d.data.estateId)!,
      topicId: d.data.topicId,
      title: topic.title,
      unitId: d.data.unitId,
      unitLabel: unitOf.get(d.data.unitId)!,
      instructions: titled(a.items, d.data.instructions),
      status,
      votingOpensAt: a.votingOpensAt,
      votingClosesAt: a.votingClosesAt,
      canVote: status === 'approved' && topic.stage === 'voting' && now >= Date.parse(a.votingOpensAt) && now < Date.parse(a.votingClosesAt),
      receipt: d.data.receipt,
      votedAt: d.data.votedAt,
    });
  });
  return views;
}

/** myMandates: the mandates the caller accepted as a proxy (newest first). */
export async function myMandates({ ports, caller }: ActionContext, _input: MyMandatesInput): Promise<MyMandatesOutput> {
  const docs = await ports.storage.find<MandateDoc>(VOTE_MANDATES, { where: { proxyOpenid: caller.openid }, limit: LIST_LIMIT });
  docs.sort((a, b) => (a.data.createdAt < b.data.createdAt ? 1 : a.data.createdAt > b.data.createdAt ? -1 : 0));
  return { mandates: await proxyViews(ports, docs) };
}

/**
 * castProxyBallot: the bound proxy of an approved mandate casts the unit's whole package while the window is
 * open, within the instructions; the valid ballot under the same id as online (channel 'proxy', the mandate
 * recorded), the mandate marked voted, in one transaction (writePackageBallot).
 */
export async function castProxyBallot({ ports, caller }: ActionContext, input: CastProxyBallotInput): Promise<CastProxyBallotOutput> {
  const { storage, clock, crypto } = ports;
  const { estateId, topicId, unitId } = input;
  const id = mandateId(topicId, unitId);
  const mandate = await storage.get<MandateDoc>(VOTE_MANDATES, id);
  if (!mandate || mandate.data.estateId !== estateId || mandate.data.proxyOpenid !== caller.openid || mandate.data.status === 'revoked') throw new AppError('MANDATE_NOT_FOUND');
  const { topic, announcement } = await announcedTopic(storage, estateId, topicId, ['voting']);
  checkWindow(clock.now().getTime(), announcement);
  const rules = await frozenRules(storage, announcement);
  if (!rules.proxyAllowed) throw new AppError('MANDATE_NOT_ALLOWED');
  const voter = electorateUnit(await frozenElectorate(storage, topicId), unitId);
  const items = votableItems(topic.data);
  const choices = packageChoices<BallotChoice>(items, input.choices);
  const instructionOf = new Map(mandate.data.instructions.map((i) => [i.itemId, i.instruction]));
  for (const [i, c] of choices.entries()) {
    const told = instructionOf.get(c.itemId);
    if (told && told !== 'proxy' && told !== c.choice) throw new AppError('MANDATE_INSTRUCTION_MISMATCH', { item: items[i]!.title, instruction: MANDATE_INSTRUCTION_LABELS[told] });
  }
  const castBy = accountKeyOf(crypto, estateId, caller.openid);
  const contentHash = crypto.keyedHash('ballot-content', `${topicId}\u0000${unitId}\u0000${choicesText(choices)}`);
  const reqId = requestId(topicId, unitId, crypto.sha256(`proxy\u0000${castBy}\u0000${input.idempotencyKey}`).slice(0, 32));
  let current: StoredDoc<MandateDoc> | null = null;
  const result = await writePackageBallot(ports, {
    estateId, topicId, unitId, voter, choices, contentHash, reqId,
    channel: 'proxy', castBy, actor: caller.openid, allowChange: false, mandateId: id,
    before: async (tx) => {
      current = await tx.get<MandateDoc>(VOTE_MANDATES, id);
      const m = current?.data;
      if (!m || m.proxyOpenid !== caller.openid || m.status === 'revoked') throw new AppError('MANDATE_NOT_FOUND');
      if (m.status === 'awaiting') throw new AppError('MANDATE_NOT_CHECKED');
      if (m.status === 'rejected') throw new AppError('MANDATE_REJECTED', { reason: m.rejectReason ?? '' });
      // approved goes on; voted and lapsed go on too: the unit's ballot exists, so the submission is kept as evidence
    },
    after: async (tx, outcome) => {
      const m = current!;
      if (m.data.status !== 'approved') return;
      const at = outcome.at;
      const next: MandateDoc =
        outcome.outcome === 'duplicate' ? { ...m.data, status: 'lapsed', endedAt: at } : { ...m.data, status: 'voted', receipt: outcome.receipt, votedAt: at, endedAt: at };
      await tx.update(VOTE_MANDATES, id, m.version, next);
    },
  });
  if (result.outcome === 'duplicate') {
    const m = (current as StoredDoc<MandateDoc> | null)?.data;
    if (m?.status === 'voted') throw new AppError('ALREADY_VOTED', { receipt: result.receipt });
    throw new AppError('MANDATE_LAPSED');
  }
  return { receipt: result.receipt, castAt: result.at };
}

function staffView(doc: MandateDoc, status: MandateStatus, topic: TopicDoc | null, unitLabel: string): StaffMandateView {
  return {
    topicId: doc.topicId,
    title: topic?.title ?? doc.topicId,
    unitId: doc.unitId,
    unitLabel,
    proxyName: doc.proxyName,
    proxyPhone: doc.proxyPhone ? maskPhone(doc.proxyPhone) : null,
    instructions: titled(topic?.announcement?.items ?? [], doc.instructions),
    status,
    hasScan: doc.scan !== null,
    accepted: doc.proxyOpenid !== null,
    createdAt: doc.createdAt,
    checkedAt: doc.checkedAt,
    checkedByLabel: doc.checkedByLabel,
    rejectReason: doc.rejectReason,
  };
}

async function staffViews(storage: Storage, docs: StoredDoc<MandateDoc>[]): Promise<StaffMandateView[]> {
  if (docs.length === 0) return [];
  const topicIds = [...new Set(docs.map((d) => d.data.topicId))];
  const unitIds = [...new Set(docs.map((d) => d.data.unitId))];
  const [topics, units] = await Promise.all([storage.getMany<TopicDoc>(TOPICS, topicIds), storage.getMany<UnitDoc>(UNITS, unitIds)]);
  const topicOf = new Map(topicIds.map((id, i) => [id, topics[i]?.data ?? null]));
  const unitOf = new Map(unitIds.map((id, i) => [id, units[i]?.data.label ?? id]));
  const statuses = await effectiveStatuses(storage, docs, (d) => topicOf.get(d.topicId)?.announcement?.items[0]?.itemId);
  return docs.map((d, i) => staffView(d.data, statuses[i]!, topicOf.get(d.data.topicId) ?? null, unitOf.get(d.data.unitId)!));
}

/** listMandates: the check queue (awaiting, oldest first; lapsed ones drop out) or every mandate of the estate (newest first). */
export async function listMandates({ ports }: ActionContext, input: ListMandatesInput): Promise<ListMandatesOutput> {
  const { storage } = ports;
  const queue = (input.filter ?? 'awaiting') === 'awaiting';
  const where: Record<string, unknown> = { estateId: input.estateId, ...(queue ? { status: 'awaiting' } : {}) };
  const docs = await storage.find<MandateDoc>(VOTE_MANDATES, { where: where as never, orderBy: { field: 'createdAt', direction: queue ? 'asc' : 'desc' }, limit: LIST_LIMIT });
  const picked = input.topicId ? docs.filter((d) => d.data.topicId === input.topicId) : docs;
  const views = await staffViews(storage, picked);
  return { mandates: queue ? views.filter((v) => v.status === 'awaiting') : views };
}

/** mandateScan: the signed mandate for the checking staff (a read: not audited). */
export async function mandateScan({ ports }: ActionContext, input: MandateScanInput): Promise<MandateScanOutput> {
  const { storage, files } = ports;
  const m = await storage.get<MandateDoc>(VOTE_MANDATES, mandateId(input.topicId, input.unitId));
  if (!m || m.data.estateId !== input.estateId) throw new AppError('MANDATE_NOT_FOUND');
  if (!m.data.scan) throw new AppError('FILE_NOT_FOUND');
  const bytes = await files.get(m.data.scan.fileId);
  if (!bytes || bytes.length > MANDATE_SCAN_MAX_MB * 1024 * 1024) throw new AppError('FILE_NOT_FOUND');
  const type = SCAN_TYPES[m.data.scan.fileId.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';
  return { fileName: m.data.scan.fileName, dataUrl: `data:${type};base64,${Buffer.from(bytes).toString('base64')}` };
}

/** reviewMandate: staff approve an awaiting mandate, or reject it with a reason; who checked is recorded. */
export async function reviewMandate({ ports, caller, member }: ActionContext, input: ReviewMandateInput): Promise<ReviewMandateOutput> {
  const { storage, clock, crypto } = ports;
  const reason = input.reason?.trim();
  if (input.decision === 'reject' && !reason) throw AppError.field('reason', 'FIELD_REQUIRED', { label: '退回理由' });
  const id = mandateId(input.topicId, input.unitId);
  const staffRole = member?.roles.find((r) => r !== 'owner' && r !== 'resident') ?? member?.roles[0];
  const doc = await storage.transaction(async (tx) => {
    const m = await tx.get<MandateDoc>(VOTE_MANDATES, id);
    if (!m || m.data.estateId !== input.estateId) throw new AppError('MANDATE_NOT_FOUND');
    if (m.data.status !== 'awaiting') throw new AppError('MANDATE_REVIEWED', { status: MANDATE_STATUS_LABELS[m.data.status] });
    const at = clock.now().toISOString();
    const next: MandateDoc = {
      ...m.data,
      status: input.decision === 'approve' ? 'approved' : 'rejected',
      checkedAt: at,
      checkedBy: member?.accountKey ?? accountKeyOf(crypto, input.estateId, caller.openid),
      checkedByLabel: staffRole ? ROLE_LABELS[staffRole] : null,
      rejectReason: input.decision === 'reject' ? reason! : null,
      ...(input.decision === 'reject' ? { endedAt: at } : {}),
    };
    await tx.update(VOTE_MANDATES, id, m.version, next);
    await appendAudit(tx, { clock, crypto }, {
      estateId: input.estateId, actor: caller.openid, action: `mandate.${input.decision === 'approve' ? 'approved' : 'rejected'}`, subject: `units/${input.unitId}`,
      data: { topicId: input.topicId, round: m.data.round, ...(reason && input.decision === 'reject' ? { reason } : {}) },
    });
    return { id, version: m.version + 1, data: next } as StoredDoc<MandateDoc>;
  });
  const [view] = await staffViews(storage, [doc]);
  return { mandate: view! };
}
