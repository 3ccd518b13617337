import type { PetitionOutput, TopicRefInput } from '../../../types/deliberation-discussion';
import { PETITION_THRESHOLD_LABEL } from '../../../types/deliberation-discussion';
import { allows } from '../../../types/permissions';
import { petitionProgress, tallySignatures, type PetitionTotals, type SignedUnit } from '../../core/deliberation/petition';
import { AppError } from '../../core/errors';
import { headKey, rosterTotals } from '../../core/identity/headcount';
import type { Storage, StoredDoc } from '../../ports';
import type { ActionContext } from '../action';
import { appendAudit } from '../audit/log';
import { ESTATES, MEMBERS, UNITS, type EstateDoc, type MemberDoc, type UnitDoc } from '../identity/records';
import { enqueueNotification } from '../notifications/outbox';
import {
  accountKeyOf,
  callerUnits,
  inScope,
  PETITION_SIGNATURES,
  PETITION_TALLIES,
  rolesOf,
  signatureId,
  stageLabel,
  topicInEstate,
  type SignatureDoc,
  type TallyDoc,
} from './discussion-records';
import { TOPICS, type TopicDoc, type TopicScope } from './records';

/**
 * Owners' petition for a temporary meeting (issue 10 item 4, 指导规则 Art. 21). While a petition topic is
 * 'proposed', verified owners co-sign with each unit they own in its scope (one signature per unit: id topic:unit).
 * Each signature and withdrawal updates the petition's tally in the same transaction (version-checked), so the
 * moment BOTH 20 % of area and 20 % of headcount are reached is decided exactly once, with the signature that
 * reaches it: topic.petitionReachedAt is written then, and the committee and the party branch are notified.
 */

/** The roster totals the petition is measured against: the estate's cached totals, or the scope buildings' units. */
export async function scopeTotals(storage: Storage, estateId: string, scope: TopicScope): Promise<PetitionTotals> {
  if (scope.kind === 'estate') {
    const estate = await storage.get<EstateDoc>(ESTATES, estateId);
    if (!estate) throw new AppError('ESTATE_NOT_FOUND');
    return { areaCenti: estate.data.totals.areaCenti, headcount: estate.data.totals.headcount };
  }
  const units = await storage.find<UnitDoc>(UNITS, { where: { estateId, building: scope.buildings } });
  const live = units.filter((u) => !u.data.removed).map((u) => ({ unitId: u.id, areaCenti: u.data.areaCenti, ownerKeys: u.data.ownerKeys, developerHeld: u.data.developerHeld }));
  const totals = rosterTotals(live);
  return { areaCenti: totals.areaCenti, headcount: totals.headcount };
}

/** A unit can be counted when the roster knows who owns it (the developer counts as one person). */
const countable = (u: UnitDoc) => u.developerHeld || u.ownerKeys.length > 0;
const signedUnitOf = (u: StoredDoc<UnitDoc>): SignedUnit => ({ unitId: u.id, areaCenti: u.data.areaCenti, headKey: headKey({ unitId: u.id, ...u.data }) });

/** Organisers notified when a petition reaches 20 %: the party secretary and the owners' committee. */
async function organisers(storage: Storage, estateId: string): Promise<string[]> {
  const members = await storage.find<MemberDoc>(MEMBERS, { where: { estateId, roles: ['party_secretary', 'committee_member'] } });
  return members.map((m) => m.data.openid);
}

function requireOpen(topic: TopicDoc) {
  if (!topic.petition) throw new AppError('TOPIC_NOT_PETITION');
  if (topic.petitionReachedAt) throw new AppError('PETITION_REACHED');
  if (topic.stage !== 'proposed') throw new AppError('PETITION_CLOSED', { stage: stageLabel(topic.stage) });
}

async function petitionView(ctx: ActionContext, topic: StoredDoc<TopicDoc>): Promise<PetitionOutput> {
  const { storage } = ctx.ports;
  const t = topic.data;
  const [totals, tally, units] = await Promise.all([
    scopeTotals(storage, t.estateId, t.scope),
    storage.get<TallyDoc>(PETITION_TALLIES, topic.id),
    callerUnits(storage, t.estateId, ctx.caller.openid),
  ]);
  const progress = petitionProgress(tallySignatures(tally?.data.units ?? []), totals);
  const mine = units.filter((u) => inScope(t.scope, u.data.building));
  const signatures = mine.length ? await storage.getMany<SignatureDoc>(PETITION_SIGNATURES, mine.map((u) => signatureId(topic.id, u.id))) : [];
  const accountKey = accountKeyOf(ctx);
  const signed = mine.filter((_, i) => signatures[i]?.data.active);
  const unsigned = mine.filter((u, i) => !signatures[i]?.data.active && countable(u.data));
  const open = !!t.petition && t.stage === 'proposed' && !t.petitionReachedAt;
  return {
    petition: {
      topicId: topic.id,
      signedUnitCount: progress.unitCount,
      signedAreaCenti: progress.areaCenti,
      totalAreaCenti: totals.areaCenti,
      signedHeadcount: progress.headcount,
      totalHeadcount: totals.headcount,
      areaReached: progress.areaReached,
      headcountReached: progress.headcountReached,
      reached: !!t.petitionReachedAt,
      reachedAt: t.petitionReachedAt ?? null,
      thresholdLabel: PETITION_THRESHOLD_LABEL,
      areaShortCenti: progress.areaShortCenti,
      headcountShort: progress.headcountShort,
      mine: {
        signedUnits: signed.map((u) => u.data.label),
        unsignedUnits: unsigned.map((u) => u.data.label),
        canSign: open && allows(rolesOf(ctx), 'deliberation.propose') && unsigned.length > 0,
        canWithdraw: open && signatures.some((s) => s?.data.active && s.data.signerKey === accountKey),
      },
    },
  };
}

export async function getPetition(ctx: ActionContext, input: TopicRefInput): Promise<PetitionOutput> {
  const topic = await topicInEstate(ctx.ports.storage, input.estateId, input.topicId);
  if (!topic.data.petition) throw new AppError('TOPIC_NOT_PETITION');
  return petitionView(ctx, topic);
}

/** Co-sign with every unit the caller owns in the petition's scope that has not co-signed yet. */
export async function cosignPetition(ctx: ActionContext, input: TopicRefInput): Promise<PetitionOutput> {
  const { storage, clock } = ctx.ports;
  const topic = await topicInEstate(storage, input.estateId, input.topicId);
  requireOpen(topic.data);
  const units = (await callerUnits(storage, input.estateId, ctx.caller.openid)).filter((u) => inScope(topic.data.scope, u.data.building) && countable(u.data));
  if (units.length === 0) throw new AppError('NO_UNIT_TO_COSIGN');
  const [totals, recipients] = await Promise.all([scopeTotals(storage, input.estateId, topic.data.scope), organisers(storage, input.estateId)]);
  const accountKey = accountKeyOf(ctx);
  const now = clock.now().toISOString();

  await storage.transaction(async (tx) => {
    const t = await topicInEstate(tx, input.estateId, input.topicId);
    requireOpen(t.data);
    const tally = await tx.get<TallyDoc>(PETITION_TALLIES, t.id);
    const added: SignedUnit[] = [];
    for (const u of units) {
      const id = signatureId(t.id, u.id);
      const existing = await tx.get<SignatureDoc>(PETITION_SIGNATURES, id);
      if (existing?.data.active) continue;
      const entry = signedUnitOf(u);
      const sig: SignatureDoc = {
        estateId: input.estateId,
        topicId: t.id,
        unitId: u.id,
        unitLabel: u.data.label,
        areaCenti: entry.areaCenti,
        headKey: entry.headKey,
        signerKey: accountKey,
        active: true,
        signedAt: now,
        withdrawnAt: null,
      };
      if (existing) await tx.update<SignatureDoc>(PETITION_SIGNATURES, id, existing.version, sig);
      else await tx.create(PETITION_SIGNATURES, id, sig);
      added.push(entry);
    }
    if (added.length === 0) throw new AppError('ALREADY_COSIGNED');
    const addedIds = new Set(added.map((a) => a.unitId));
    const signedUnits = [...(tally?.data.units ?? []).filter((x) => !addedIds.has(x.unitId)), ...added];
    const tallyDoc: TallyDoc = { estateId: input.estateId, topicId: t.id, units: signedUnits, updatedAt: now };
    if (tally) await tx.update<TallyDoc>(PETITION_TALLIES, t.id, tally.version, tallyDoc);
    else await tx.create(PETITION_TALLIES, t.id, tallyDoc);
    const progress = petitionProgress(tallySignatures(signedUnits), totals);
    await appendAudit(tx, ctx.ports, {
      estateId: input.estateId,
      actor: ctx.caller.openid,
      action: 'topic.petition_cosigned',
      subject: `${TOPICS}/${t.id}`,
      data: { units: added.map((a) => a.unitId), areaCenti: progress.areaCenti, headcount: progress.headcount },
    });
    if (progress.reached) {
      await tx.update<TopicDoc>(TOPICS, t.id, t.version, { ...t.data, petitionReachedAt: now, rev: (t.data.rev ?? 0) + 1, updatedAt: now });
      await appendAudit(tx, ctx.ports, {
        estateId: input.estateId,
        actor: ctx.caller.openid,
        action: 'topic.petition_reached',
        subject: `${TOPICS}/${t.id}`,
        data: { areaCenti: progress.areaCenti, headcount: progress.headcount, totalAreaCenti: totals.areaCenti, totalHeadcount: totals.headcount },
      });
      await enqueueNotification(tx, ctx.ports, {
        kind: 'petition_reached',
        estateId: input.estateId,
        eventKey: `petition:${t.id}`,
        recipients,
        params: { estateId: input.estateId, topicId: t.id, title: t.data.title },
      });
    }
  });
  return petitionView(ctx, await topicInEstate(storage, input.estateId, input.topicId));
}

/** Withdraw the caller's own signatures, while the petition has not reached 20 %. */
export async function withdrawCosign(ctx: ActionContext, input: TopicRefInput): Promise<PetitionOutput> {
  const { storage, clock } = ctx.ports;
  const topic = await topicInEstate(storage, input.estateId, input.topicId);
  requireOpen(topic.data);
  const units = (await callerUnits(storage, input.estateId, ctx.caller.openid)).filter((u) => inScope(topic.data.scope, u.data.building));
  const accountKey = accountKeyOf(ctx);
  const now = clock.now().toISOString();

  await storage.transaction(async (tx) => {
    const t = await topicInEstate(tx, input.estateId, input.topicId);
    requireOpen(t.data);
    const removed: string[] = [];
    for (const u of units) {
      const id = signatureId(t.id, u.id);
      const sig = await tx.get<SignatureDoc>(PETITION_SIGNATURES, id);
      if (!sig?.data.active || sig.data.signerKey !== accountKey) continue;
      await tx.update<SignatureDoc>(PETITION_SIGNATURES, id, sig.version, { ...sig.data, active: false, withdrawnAt: now });
      removed.push(u.id);
    }
    if (removed.length === 0) throw new AppError('NOT_COSIGNED');
    const tally = await tx.get<TallyDoc>(PETITION_TALLIES, t.id);
    if (tally) {
      const gone = new Set(removed);
      await tx.update<TallyDoc>(PETITION_TALLIES, t.id, tally.version, { ...tally.data, units: tally.data.units.filter((x) => !gone.has(x.unitId)), updatedAt: now });
    }
    await appendAudit(tx, ctx.ports, {
      estateId: input.estateId,
      actor: ctx.caller.openid,
      action: 'topic.petition_withdrawn',
      subject: `${TOPICS}/${t.id}`,
      data: { units: removed },
    });
  });
  return petitionView(ctx, await topicInEstate(storage, input.estateId, input.topicId));
}
