import type { BallotChoice, CastBallotInput, CastBallotOutput } from '../../../types/voting';
import { votableItems } from '../../core/deliberation/topic';
import { AppError } from '../../core/errors';
import { checkWindow, choicesText, packageChoices, receiptCode, type ChoiceLike } from '../../core/voting/ballot';
import { DuplicateKeyError, type Ports, type StoredDoc, type TxStore } from '../../ports';
import type { ElectorateUnit } from '../deliberation/records';
import type { ActionContext } from '../action';
import { appendAudit } from '../audit/log';
import { refuseIfPaperRequested } from './paper-records';
import { announcedTopic, frozenRules, frozenVoter, ownUnit, requireRepresentative } from './context';
import {
  ballotId,
  deliveryId,
  requestId,
  VOTE_BALLOT_VERSIONS,
  VOTE_BALLOTS,
  VOTE_DELIVERIES,
  VOTE_INVALID,
  VOTE_REQUESTS,
  voteLedgerKey,
  type BallotChannel,
  type BallotDoc,
  type InvalidBallotDoc,
  type RequestDoc,
} from './records';

/** reruns of the transaction after losing a (item, unit) race to a concurrent submission */
const DUPLICATE_RERUNS = 3;

/**
 * One online package ballot (issue 11 items 1-2): the unit's voting representative, the unit in the frozen
 * electorate, the topic in voting and the server clock inside the frozen window, every item of the notice exactly
 * once, delivery confirmed. ONE transaction writes one ballot per (item, unit) under the deterministic id
 * `<topic>:<item>:<unit>`, so the storage engine admits exactly one; the ballot event goes to the vote's own
 * ledger (an audit event under the vote's chain key: no document every voter writes is touched).
 *
 * - Same idempotency key, same content: the same answer (receipt). Same key, other content: IDEMPOTENCY_KEY_REUSED.
 * - The unit already voted: under the frozen rules' ballotChangeAllowed the new package replaces it (every
 *   earlier version kept in vote_ballot_versions); otherwise the submission is kept as invalid evidence and
 *   refused with ALREADY_VOTED, the valid ballot untouched.
 */
export async function castBallot({ ports, caller }: ActionContext, input: CastBallotInput): Promise<CastBallotOutput> {
  const { storage, clock, crypto } = ports;
  const link = await ownUnit(storage, caller, input.estateId, input.unitId);
  await requireRepresentative(storage, caller, input.unitId);
  const { topic, announcement } = await announcedTopic(storage, input.estateId, input.topicId, ['voting']);
  checkWindow(clock.now().getTime(), announcement);
  // the notice froze the channels: an online ballot only where it names 'online' (paper-only votes are entered by staff)
  if (!announcement.channels.includes('online')) throw new AppError('BALLOT_ONLINE_CLOSED');
  const voter = await frozenVoter(storage, input.topicId, input.unitId);
  const choices = packageChoices<BallotChoice>(votableItems(topic.data), input.choices);
  const rules = await frozenRules(storage, announcement);
  const { topicId, unitId, estateId } = input;
  const accountKey = link.data.accountKey;
  // keyed: a content hash of 3^n possible packages must not be reversible by trying them
  const contentHash = crypto.keyedHash('ballot-content', `${topicId}\u0000${unitId}\u0000${choicesText(choices)}`);
  const reqId = requestId(topicId, unitId, crypto.sha256(`${accountKey}\u0000${input.idempotencyKey}`).slice(0, 32));

  const result = await writePackageBallot(ports, {
    estateId, topicId, unitId, voter, choices, contentHash, reqId,
    channel: 'online', castBy: accountKey, actor: caller.openid, allowChange: rules.ballotChangeAllowed,
    before: async (tx) => {
      // both reads issued together (one round trip where the engine batches); refusals in the old order
      const [delivery, paper] = await Promise.allSettled([tx.get(VOTE_DELIVERIES, deliveryId(topicId, unitId, accountKey)), refuseIfPaperRequested(tx, topicId, unitId)]);
      if (!settled(delivery)) throw new AppError('DELIVERY_REQUIRED');
      // the unit asked for paper: online entry stays closed until the request is withdrawn (paper-request.ts)
      settled(paper);
    },
  });
  if (result.outcome === 'duplicate') throw new AppError('ALREADY_VOTED', { receipt: result.receipt });
  return { receipt: result.receipt, castAt: result.at, changed: result.outcome === 'changed' };
}

export type PackageOutcome = { outcome: RequestDoc['outcome']; receipt: string; at: string };

/** One package ballot of a unit as the channels (online, proxy, ...) hand it to writePackageBallot. */
export interface PackageBallot {
  estateId: string;
  topicId: string;
  unitId: string;
  /** the unit as the frozen electorate holds it */
  voter: ElectorateUnit;
  /** every item of the notice, in the notice's order (packageChoices) */
  choices: ChoiceLike<BallotChoice>[];
  /** keyed hash of (topic, unit, choices): an idempotent retry must carry the same */
  contentHash: string;
  /** the idempotency record's id (requestId) */
  reqId: string;
  channel: BallotChannel;
  /** account key of whoever cast it (the representative, the proxy) */
  castBy: string;
  /** openid of the caller, for the ledger event (pseudonymised there) */
  actor: string;
  /** the frozen rules' ballotChangeAllowed (false for channels that never replace a ballot) */
  allowChange: boolean;
  /** recorded on the ballot when a proxy cast it */
  mandateId?: string;
  /** checks inside the transaction, after an idempotent retry was answered and before anything is written */
  before?: (tx: TxStore) => Promise<void>;
  /** further writes in the same transaction once the outcome is known */
  after?: (tx: TxStore, result: PackageOutcome) => Promise<void>;
}

/**
 * The transaction every channel's package ballot goes through: the idempotency record, one ballot per
 * (item, unit) under ballotId (the engine admits one), a change only where allowed, otherwise the submission
 * kept as invalid evidence (outcome 'duplicate', the valid receipt returned), the ballot event in the vote's
 * ledger; rerun after losing a race to a concurrent submission.
 */
export async function writePackageBallot(ports: Pick<Ports, 'storage' | 'clock' | 'crypto'>, b: PackageBallot): Promise<PackageOutcome> {
  const { storage, clock, crypto } = ports;
  const { estateId, topicId, unitId, voter, choices, contentHash, reqId } = b;
  const attempt = () =>
    storage.transaction(async (tx): Promise<PackageOutcome> => {
      const ids = choices.map((c) => ballotId(topicId, c.itemId, unitId));
      // every read of the transaction issued together (an engine may answer them in one round trip: bench:ballots);
      // outcomes are then taken in the order they were checked one by one: a retry's answer first, then the checks
      const [previousRead, beforeRead, ...ballotReads] = await Promise.allSettled([
        tx.get<RequestDoc>(VOTE_REQUESTS, reqId),
        b.before ? b.before(tx) : Promise.resolve(),
        ...ids.map((id) => tx.get<BallotDoc>(VOTE_BALLOTS, id)),
      ]);
      const previous = settled(previousRead) as StoredDoc<RequestDoc> | null;
      if (previous) {
        if (previous.data.contentHash !== contentHash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
        return { outcome: previous.data.outcome, receipt: previous.data.receipt, at: previous.data.at };
      }
      settled(beforeRead);
      const existing = ballotReads.map((r) => settled(r) as StoredDoc<BallotDoc> | null);

      const at = clock.now().toISOString();
      const nonce = crypto.newId('bn');
      const receipt = receiptCode(crypto.keyedHash('ballot-receipt', `${topicId}\u0000${unitId}\u0000${contentHash}\u0000${nonce}`));
      const ballot = (i: number, revision: number): BallotDoc => ({
        estateId, topicId, itemId: choices[i]!.itemId, unitId,
        building: voter.building, areaCenti: voter.areaCenti, headKey: voter.headKey,
        choice: choices[i]!.choice, channel: b.channel, castBy: b.castBy, castAt: at, receipt, revision,
        ...(b.mandateId ? { mandateId: b.mandateId } : {}),
      });

      let result: PackageOutcome;
      // the first ballots of the unit are written together with the request and the ledger event (below)
      let firstBallots: (() => Promise<unknown>)[] = [];
      if (existing.every((e) => e === null)) {
        // the engine decides: a concurrent submission that created any of these first makes this create fail
        firstBallots = ids.map((id, i) => () => tx.create(VOTE_BALLOTS, id, ballot(i, 1)));
        result = { outcome: 'accepted', receipt, at };
      } else if (b.allowChange) {
        await keepAndReplace(tx, ids, existing, ballot);
        result = { outcome: 'changed', receipt, at };
      } else {
        const valid = existing.find((e) => e !== null)!;
        const evidence: InvalidBallotDoc = {
          estateId, topicId, unitId, reason: 'duplicate', choices, castBy: b.castBy, at, validReceipt: valid.data.receipt,
          ...(b.channel !== 'online' ? { channel: b.channel } : {}), ...(b.mandateId ? { mandateId: b.mandateId } : {}),
        };
        await tx.create(VOTE_INVALID, crypto.newId('ib'), evidence);
        result = { outcome: 'duplicate', receipt: valid.data.receipt, at };
      }
      const request: RequestDoc = { estateId, topicId, unitId, contentHash, outcome: result.outcome, receipt: result.receipt, at };
      // issued together (one round trip where the engine batches); every write settles before a failure is thrown
      const writes = await Promise.allSettled([...firstBallots.map((w) => w()), tx.create(VOTE_REQUESTS, reqId, request), appendAudit(tx, { clock, crypto }, {
        estateId: voteLedgerKey(topicId),
        actor: b.actor,
        action: `ballot.${result.outcome}`,
        subject: `units/${unitId}`,
        // a commitment to the content (keyed, with a fresh nonce): publishable, reveals no choice
        data: {
          ...(result.outcome === 'duplicate' ? { validReceipt: result.receipt } : { receipt }),
          commitment: crypto.keyedHash('ballot-commitment', `${contentHash}\u0000${nonce}`),
          items: choices.length,
          ...(b.channel !== 'online' ? { channel: b.channel } : {}),
        },
      })]);
      for (const w of writes) settled(w);
      if (b.after) await b.after(tx, result);
      return result;
    });

  let result: PackageOutcome | null = null;
  for (let run = 0; result === null; run++) {
    try {
      result = await attempt();
    } catch (err) {
      // lost the race for (item, unit) or for the idempotency record: rerun, and see the winner's documents
      if (!(err instanceof DuplicateKeyError) || run >= DUPLICATE_RERUNS) throw err;
    }
  }
  return result;
}

/** The value of a settled read or write, or its error thrown. */
function settled<T>(r: PromiseSettledResult<T>): T {
  if (r.status === 'rejected') throw r.reason;
  return r.value;
}

/** A change the frozen rules allow: each earlier version is appended to the versions, then replaced under its version. */
async function keepAndReplace(
  tx: TxStore,
  ids: string[],
  existing: (StoredDoc<BallotDoc> | null)[],
  ballot: (i: number, revision: number) => BallotDoc,
): Promise<void> {
  for (const [i, id] of ids.entries()) {
    const old = existing[i];
    if (!old) {
      await tx.create(VOTE_BALLOTS, id, ballot(i, 1));
      continue;
    }
    await tx.create(VOTE_BALLOT_VERSIONS, `${id}:r${old.data.revision}`, { ...old.data });
    await tx.update(VOTE_BALLOTS, id, old.version, ballot(i, old.data.revision + 1));
  }
}
