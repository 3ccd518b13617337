import type { AnnounceTopicInput, TopicChangeOutput } from '../../../types/deliberation';
import type { ProcedureRules } from '../../../types/procedure-rules';
import { selectScopeUnits } from '../../core/deliberation/scope';
import { isTemporaryMeeting, votingWindow } from '../../core/deliberation/voting-window';
import { AppError } from '../../core/errors';
import { headKey, rosterTotals, type RosterUnit } from '../../core/identity/headcount';
import { rosterFingerprintText } from '../../core/identity/roster-fingerprint';
import type { Page, Ports, Storage } from '../../ports';
import type { ActionContext } from '../action';
import { UNIT_LINKS, UNITS, type UnitDoc, type UnitLinkDoc } from '../identity/records';
import { ROSTER_VERSIONS, rosterVersionId, type RosterVersionDoc } from '../identity/roster-records';
import { runningBulkJobs } from '../bulk';
import { enqueueNotification, estateStaff } from '../notifications/outbox';
import {
  scopeLabel,
  TOPICS,
  TOPIC_ELECTORATES,
  type ElectorateUnit,
  type TopicAnnouncement,
  type TopicChannel,
  type TopicDoc,
  type TopicElectorateDoc,
  type TopicScope,
} from './records';
import { activeRulesFor } from './rules-store';
import { moveTopic, readTopic, refuse, topicCaller } from './topics';

const UNIT_PAGE = 500;
/**
 * The bulk job kind of a roster confirm (ROSTER_CONFIRM_JOB in server/app/identity/roster-confirm.ts; a literal here
 * so the deliberation bundle does not carry the roster import code; tests/functions/topics.test.ts pins it equal).
 */
export const ROSTER_CONFIRM_KIND = 'roster.confirm';
/** owner notifications written per transaction after the announcement (well under the write limit) */
const OWNER_NOTIFY_CHUNK = 200;

/**
 * The resumable part of an announcement: a marker (id = topic) written IN the announcement's transaction, marked
 * done once every owner chunk is written. If the function dies between (crash, timeout), a retry of announceTopic is
 * refused (already announced), so the timer job resumeAnnouncementNotices finishes the pending markers.
 */
export const ANNOUNCEMENT_NOTICES = 'announcement_notices';
export interface AnnouncementNoticeDoc extends Record<string, unknown> {
  estateId: string;
  topicId: string;
  status: 'pending' | 'done';
  createdAt: string;
  doneAt: string | null;
}
/** markers the job finishes per run at most */
const RESUME_BATCH = 20;
/** a marker younger than this may still belong to a running announceTopic: the job leaves it for the next tick */
const RESUME_AFTER_MS = 2 * 60_000;

export function channelsOf(rules: ProcedureRules): TopicChannel[] {
  return rules.channels === 'both' ? ['online', 'paper'] : [rules.channels];
}

/** Every current roster unit of the scope (removed units excluded), paged by cursor. */
async function scopeUnits(storage: Storage, estateId: string, scope: TopicScope): Promise<(UnitDoc & { unitId: string })[]> {
  const units: (UnitDoc & { unitId: string })[] = [];
  const wheres = scope.kind === 'estate' ? [{ estateId }] : scope.buildings.map((building) => ({ estateId, building }));
  for (const where of wheres) {
    let after: string | null = null;
    do {
      const page: Page<UnitDoc> = await storage.page<UnitDoc>(UNITS, { where, limit: UNIT_PAGE, after });
      for (const d of page.docs) if (!d.data.removed) units.push({ ...d.data, unitId: d.id });
      after = page.next;
    } while (after !== null);
  }
  return selectScopeUnits(units, scope);
}

/** The frozen electorate of a scope: units with area and head key, the Art. 9 totals and the roster fingerprint. */
export function freezeElectorate(units: readonly (UnitDoc & { unitId: string })[], crypto: Pick<Ports['crypto'], 'sha256'>) {
  const roster: RosterUnit[] = units.map((u) => ({ unitId: u.unitId, areaCenti: u.areaCenti, ownerKeys: u.ownerKeys, developerHeld: u.developerHeld }));
  const totals = rosterTotals(roster);
  const fingerprint = crypto.sha256(rosterFingerprintText(roster));
  const list: ElectorateUnit[] = units
    .map((u) => ({ unitId: u.unitId, building: u.building, areaCenti: u.areaCenti, headKey: headKey(u) }))
    .sort((a, b) => (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0));
  return { totals, fingerprint, units: list };
}

/** The accounts actively linked to the scope's units (owners to notify). */
async function scopeOwners(storage: Storage, estateId: string, unitIds: ReadonlySet<string>): Promise<string[]> {
  const owners = new Set<string>();
  let after: string | null = null;
  do {
    const page: Page<UnitLinkDoc> = await storage.page<UnitLinkDoc>(UNIT_LINKS, { where: { estateId, active: true }, limit: UNIT_PAGE, after });
    for (const l of page.docs) if (unitIds.has(l.data.unitId)) owners.add(l.data.openid);
    after = page.next;
  } while (after !== null);
  return [...owners].sort();
}

/**
 * Announce: freeze the notice (items with matter types, plan version, rules version, the scope's roster with its
 * area and headcount bases and fingerprint, channels, voting window) and tell community staff and the scope's owners.
 * The announcement and the electorate are written once; nothing writes them again.
 */
export async function announceTopic(ctx: ActionContext, input: AnnounceTopicInput): Promise<TopicChangeOutput> {
  const { ports, caller, member } = ctx;
  const { storage, clock, crypto } = ports;
  // refuse early (before reading the roster) when the move cannot succeed anyway
  const before = await readTopic(storage, input.estateId, input.topicId);
  if (before.data.rev !== input.expectedVersion) throw new AppError('CONFLICT');
  refuse(before.data, 'announce', topicCaller(caller.openid, member), clock.now().getTime());

  // a roster version being written chunk by chunk would freeze a mix of two versions
  if ((await runningBulkJobs(storage, ROSTER_CONFIRM_KIND)).some((j) => j.job.estateId === input.estateId)) throw new AppError('ROSTER_WRITING');
  const scope = before.data.scope;
  const units = await scopeUnits(storage, input.estateId, scope);
  if (units.length === 0) throw new AppError('SCOPE_EMPTY');
  const electorate = freezeElectorate(units, crypto);
  const [latestRoster] = await storage.find<RosterVersionDoc>(ROSTER_VERSIONS, {
    where: { estateId: input.estateId },
    orderBy: { field: 'versionNo', direction: 'desc' },
    limit: 1,
  });
  const staff = await estateStaff(storage, input.estateId);

  let announcement: TopicAnnouncement | undefined;
  const result = await moveTopic(ctx, input, 'announce', {
    patch: async (topic: TopicDoc, tx) => {
      // a roster version confirmed since the units were read: freeze again from the new one
      if (await tx.get(ROSTER_VERSIONS, rosterVersionId(input.estateId, (latestRoster?.data.versionNo ?? 0) + 1))) throw new AppError('CONFLICT');
      const active = await activeRulesFor(tx, input.estateId, crypto);
      const now = clock.now();
      const w = votingWindow(now.getTime(), input.votingOpensOn, input.votingDays, active.rules, isTemporaryMeeting(topic));
      announcement = {
        announcedAt: now.toISOString(),
        announcedBy: caller.openid,
        items: topic.items.map((i) => ({ ...i })),
        planVersion: topic.planVersion,
        rules: { versionNo: active.versionNo, versionId: active.versionId, fingerprint: active.fingerprint, isDefault: active.isDefault },
        noticeDays: w.noticeDays,
        channels: channelsOf(active.rules),
        scope: topic.scope,
        roster: { ...electorate.totals, fingerprint: electorate.fingerprint, rosterVersion: latestRoster?.data.versionNo ?? null },
        votingOpensAt: new Date(w.opensAt).toISOString(),
        votingClosesAt: new Date(w.closesAt).toISOString(),
      };
      return { announcement };
    },
    audit: {},
    after: async (tx, topic) => {
      const a = topic.data.announcement!;
      const doc: TopicElectorateDoc = { estateId: input.estateId, topicId: topic.id, units: electorate.units, fingerprint: electorate.fingerprint, frozenAt: a.announcedAt };
      await tx.create(TOPIC_ELECTORATES, topic.id, doc);
      const marker: AnnouncementNoticeDoc = { estateId: input.estateId, topicId: topic.id, status: 'pending', createdAt: a.announcedAt, doneAt: null };
      await tx.create(ANNOUNCEMENT_NOTICES, topic.id, marker);
      await enqueueNotification(tx, ports, {
        kind: 'topic_announced',
        estateId: input.estateId,
        eventKey: `topic-announced:${topic.id}`,
        recipients: staff,
        params: { estateId: input.estateId, topicId: topic.id, title: topic.data.title, scope: scopeLabel(a.scope), opensAt: a.votingOpensAt, closesAt: a.votingClosesAt },
      });
    },
  });

  // the scope's owners: after the announcement commits, in chunks; the marker is done once all are written
  await notifyOwners(ports, input.estateId, input.topicId, before.data.title, announcement!, electorate.units);
  return result;
}

/** Tell the scope's owners (chunked; deterministic outbox ids: a rerun writes nothing twice), then mark the marker done. */
async function notifyOwners(
  ports: Pick<Ports, 'storage' | 'clock' | 'crypto'>,
  estateId: string,
  topicId: string,
  title: string,
  a: TopicAnnouncement,
  units: readonly { unitId: string }[],
): Promise<void> {
  const { storage, clock } = ports;
  const owners = await scopeOwners(storage, estateId, new Set(units.map((u) => u.unitId)));
  for (let i = 0; i < owners.length; i += OWNER_NOTIFY_CHUNK) {
    const recipients = owners.slice(i, i + OWNER_NOTIFY_CHUNK);
    await storage.transaction((tx) =>
      enqueueNotification(tx, ports, {
        kind: 'topic_announced_owner',
        estateId,
        eventKey: `topic-announced:${topicId}`,
        recipients,
        params: { estateId, topicId, title, scope: scopeLabel(a.scope), opensAt: a.votingOpensAt, closesAt: a.votingClosesAt },
      }),
    );
  }
  await markNoticeDone(storage, clock, topicId);
}

async function markNoticeDone(storage: Storage, clock: Ports['clock'], topicId: string): Promise<void> {
  await storage.transaction(async (tx) => {
    const m = await tx.get<AnnouncementNoticeDoc>(ANNOUNCEMENT_NOTICES, topicId);
    if (!m || m.data.status === 'done') return;
    await tx.update<AnnouncementNoticeDoc>(ANNOUNCEMENT_NOTICES, topicId, m.version, { ...m.data, status: 'done', doneAt: clock.now().toISOString() });
  });
}

/**
 * Write (again) the owner notices of an announced topic from its stored announcement and frozen electorate, and mark
 * its marker done. Safe to repeat: outbox ids are per event and recipient, so nothing is written twice.
 */
export async function notifyScopeOwners(ports: Pick<Ports, 'storage' | 'clock' | 'crypto'>, estateId: string, topicId: string): Promise<void> {
  const topic = await ports.storage.get<TopicDoc>(TOPICS, topicId);
  const electorate = await ports.storage.get<TopicElectorateDoc>(TOPIC_ELECTORATES, topicId);
  if (!topic || topic.data.estateId !== estateId || !topic.data.announcement || !electorate) {
    await markNoticeDone(ports.storage, ports.clock, topicId); // nothing to tell: never announced
    return;
  }
  await notifyOwners(ports, estateId, topicId, topic.data.title, topic.data.announcement, electorate.data.units);
}

/**
 * The timer job: finish the owner notices of announcements whose function died after the announcement committed
 * (markers still pending, oldest first, older than RESUME_AFTER_MS so a running announceTopic is left alone).
 */
export async function resumeAnnouncementNotices(ports: Pick<Ports, 'storage' | 'clock' | 'crypto'>): Promise<{ estateId: string; topicId: string }[]> {
  const cutoff = ports.clock.now().getTime() - RESUME_AFTER_MS;
  const pending = await ports.storage.find<AnnouncementNoticeDoc>(ANNOUNCEMENT_NOTICES, {
    where: { status: 'pending' },
    orderBy: { field: 'createdAt', direction: 'asc' },
    limit: RESUME_BATCH,
  });
  const done: { estateId: string; topicId: string }[] = [];
  for (const m of pending) {
    if (Date.parse(m.data.createdAt) > cutoff) break;
    await notifyScopeOwners(ports, m.data.estateId, m.data.topicId);
    done.push({ estateId: m.data.estateId, topicId: m.data.topicId });
  }
  return done;
}
