import type { BallotChoice } from '../../types/voting';
import type { Ports, Storage, TxStore } from '../ports';
import { OUTBOX } from '../app/notifications/records';
import type { ActionContext } from '../app/action';
import { maskName } from '../core/identity/masking';
import { DAY_MS, nextShanghaiMidnight } from '../core/deliberation/voting-window';
import { accountKeyOf, linkUnit } from '../app/identity/accounts';
import { MEMBERS, memberId, PERSON_LINKS, personLinkId, unitId, type MemberDoc } from '../app/identity/records';
import { appendAudit } from '../app/audit/log';
import { openTopic } from '../app/deliberation/topic-propose';
import { announceTopic } from '../app/deliberation/topic-announce';
import { openVoting, publishPlanVersion, setTopicItems } from '../app/deliberation/topic-moves';
import { confirmDelivery } from '../app/voting/confirmDelivery';
import { castBallot } from '../app/voting/castBallot';
import { sequenceVoteLedgers } from '../app/voting/ledger';
import type { TopicItem, TopicScope } from '../app/deliberation/records';
import { DEMO_ESTATE_ID, DEMO_PERSONAS, type DemoRoster } from './demo-estate';

/**
 * Two demo votes built by running the real use cases (openTopic, publishPlanVersion, announceTopic, openVoting,
 * confirmDelivery, castBallot) on a clock moved back in time, so the frozen notice, electorate, deliveries, ballots
 * and the vote's ledger are exactly what the product writes:
 *
 * - t_demo_5 增设电动自行车充电棚等两项: voting opened about 2 days ago, closes in about 12 days; about a third of the
 *   units have voted already; NONE of the demo personas has confirmed delivery or voted (they vote in the demo/e2e).
 * - t_demo_6 外墙修缮和快递柜两项: the window closed at the last Beijing midnight at least 12 hours ago; every owner
 *   with an account voted (87 of 120 units) (the personas demo-owner, demo-multi-owner, demo-co-owner-rep, demo-party-secretary and
 *   demo-committee among them): item 1 (matter 5, 过半数) passes, item 2 (matter 8, 四分之三以上) fails on approval.
 *   Still in stage voting: closing and counting it is the organisers' move (closeVote).
 *
 * Units without a demo persona vote through accounts `demo-voter-<person>` made the way the identity module makes
 * them after a roster match (member with role owner, unit links, person link, representative of a sole owner's unit).
 */
export const DEMO_VOTE_TOPICS = { open: 't_demo_5', closed: 't_demo_6' } as const;

const ORGANISER = 'demo-party-secretary';
/** personas who vote in the closed vote (their units are theirs to vote for) */
const PERSONAS_VOTED_IN_CLOSED = ['demo-owner', 'demo-multi-owner', 'demo-co-owner-rep', 'demo-party-secretary', 'demo-committee'];

interface DemoVote {
  topicId: string;
  title: string;
  summary: string;
  scope: TopicScope;
  items: Omit<TopicItem, 'itemId'>[];
  plan: string;
}

const OPEN_VOTE: DemoVote = {
  topicId: DEMO_VOTE_TOPICS.open,
  title: '增设电动自行车充电棚和更换消防水泵',
  summary: '经过协商，党支部和业委会整理出两项需要全体业主表决的事项：在小区北侧空地增设电动自行车集中充电棚，以及使用维修资金更换已老化的消防水泵。请每套房屋的表决权代表在投票期内投票。',
  scope: { kind: 'estate' },
  items: [
    { title: '北侧空地增设电动自行车集中充电棚', matter: 8, description: '在北侧空地建一座可停放 80 辆电动自行车的充电棚，按次收费，收入归全体业主共有，用于充电棚维护。' },
    { title: '使用维修资金更换消防水泵', matter: 5, description: '地下泵房两台消防水泵已使用 16 年，消防检查要求更换，费用约 18 万元，从全体业主的维修资金中列支。' },
  ],
  plan: '充电棚：北侧空地，80 个车位，按次收费，收入归全体业主。\n消防水泵：更换两台，预算约 18 万元，维修资金列支，施工期间保留临时供水。',
};

const CLOSED_VOTE: DemoVote = {
  topicId: DEMO_VOTE_TOPICS.closed,
  title: '外墙修缮和设置智能快递柜',
  summary: '1号楼、2号楼外墙多处空鼓脱落，存在安全隐患；另有业主提议在南门广场设置智能快递柜。两项经协商后提交全体业主表决。',
  scope: { kind: 'estate' },
  items: [
    { title: '使用维修资金修缮1号楼、2号楼外墙', matter: 5, description: '对1号楼、2号楼外墙空鼓部位进行修缮，费用约 42 万元，从维修资金中列支。' },
    { title: '南门广场设置智能快递柜并收取场地费', matter: 8, description: '在南门广场西侧设置两组智能快递柜，快递柜公司每年支付场地费 1.2 万元，归全体业主共有。' },
  ],
  plan: '外墙：1号楼、2号楼空鼓部位修缮，预算约 42 万元，维修资金列支。\n快递柜：南门广场西侧两组，场地费每年 1.2 万元归全体业主。',
};

/** Deterministic PRNG so every machine seeds the same ballots. */
function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (r: number, yes: number, no: number): BallotChoice => (r < yes ? 'yes' : r < yes + no ? 'no' : 'abstain');

interface Voter {
  openid: string;
  units: string[]; // unit ids this account represents
}

/**
 * Seed both votes. `personKeyOf` maps a roster person's seed key to its keyed hash (as the main seed computed it).
 * Runs after the main seed transaction committed (the meta marker guards it: it runs once).
 */
export async function seedDemoVotes(ports: Ports, roster: DemoRoster, personKeyOf: (seedKey: string) => string): Promise<void> {
  const estateId = DEMO_ESTATE_ID;
  const now = ports.clock.now().getTime();
  let clockMs = now;
  let nextTopicId: string | null = null;
  // the real use cases on a clock the seed moves; the topic's id is the demo's fixed one
  const shifted: Ports = {
    ...ports,
    storage: withoutNotifications(ports.storage),
    clock: { now: () => new Date(clockMs) },
    crypto: {
      ...ports.crypto,
      newId: (prefix: string) => {
        if (prefix === 't' && nextTopicId) {
          const id = nextTopicId;
          nextTopicId = null;
          return id;
        }
        return ports.crypto.newId(prefix);
      },
    },
  };
  const ctx = async (openid: string): Promise<ActionContext> => {
    const member = await ports.storage.get<MemberDoc>(MEMBERS, memberId(estateId, openid));
    return { ports: shifted, caller: { openid }, member: member?.data ?? null, event: {} };
  };

  // --- the closed vote's window: closed at the last Beijing midnight at least 12 hours ago, 10 days long
  const closedCloses = nextShanghaiMidnight(now - 1.5 * DAY_MS);
  const closedOpens = closedCloses - 10 * DAY_MS;
  // --- the open vote: opened at the Beijing midnight 2-3 days ago, 14 days long
  const openOpens = nextShanghaiMidnight(now - 3 * DAY_MS);

  // accounts for the roster's other owners, verified by roster match a little before the first announcement
  clockMs = closedOpens - 20 * DAY_MS;
  const voters = await createVoterAccounts(shifted, estateId, roster, personKeyOf);

  // announce both (the earlier vote first), then open them when their notice period has passed
  const announced = new Map<string, number>();
  for (const [vote, opens, days] of [[CLOSED_VOTE, closedOpens, 10], [OPEN_VOTE, openOpens, 14]] as const) {
    clockMs = opens - 16 * DAY_MS;
    nextTopicId = vote.topicId;
    await openTopic(await ctx(ORGANISER), { estateId, title: vote.title, summary: vote.summary, scope: vote.scope });
    clockMs += 3_600_000;
    await setTopicItems(await ctx(ORGANISER), { estateId, topicId: vote.topicId, expectedVersion: 1, items: vote.items });
    await publishPlanVersion(await ctx(ORGANISER), { estateId, topicId: vote.topicId, expectedVersion: 2, text: vote.plan, changeNote: '协商后形成的表决方案' });
    clockMs = opens - 15 * DAY_MS - 2 * 3_600_000;
    const votingOpensOn = new Date(opens + 8 * 3_600_000).toISOString().slice(0, 10);
    const r = await announceTopic(await ctx(ORGANISER), { estateId, topicId: vote.topicId, expectedVersion: 3, votingOpensOn, votingDays: days });
    announced.set(vote.topicId, r.version);
  }
  clockMs = closedOpens + 3_600_000;
  await openVoting(await ctx(ORGANISER), { estateId, topicId: CLOSED_VOTE.topicId, expectedVersion: announced.get(CLOSED_VOTE.topicId)! });

  // the closed vote: every representative with an account votes, over the first 8 days of the window
  const rand = mulberry32(20261202);
  const personaVoters: Voter[] = PERSONAS_VOTED_IN_CLOSED.map((openid) => {
    const p = DEMO_PERSONAS.find((d) => d.openid === openid)!;
    return { openid, units: p.units.map((ref) => unitId(estateId, ...(ref.split('-') as [string, string, string]))) };
  });
  const closedVoters = [...personaVoters, ...voters];
  await castAll(ctx, (ms) => (clockMs = ms), CLOSED_VOTE.topicId, closedVoters, closedOpens + 2 * 3_600_000, 8 * DAY_MS, (r) => [pick(r(), 0.7, 0.2), pick(r(), 0.6, 0.3)], rand);

  clockMs = openOpens + 3_600_000;
  await openVoting(await ctx(ORGANISER), { estateId, topicId: OPEN_VOTE.topicId, expectedVersion: announced.get(OPEN_VOTE.topicId)! });
  // the open vote so far: about a third of the other owners (no persona), spread over the time since it opened
  const openVoters = voters.filter(() => rand() < 0.35);
  const elapsed = Math.max(3_600_000, now - openOpens - 2 * 3_600_000);
  await castAll(ctx, (ms) => (clockMs = ms), OPEN_VOTE.topicId, openVoters, openOpens + 2 * 3_600_000, elapsed, (r) => [pick(r(), 0.6, 0.25), pick(r(), 0.75, 0.1)], rand);

  // the ledger job chains both votes' events, as the scheduled job would
  clockMs = now;
  await sequenceVoteLedgers(shifted);
}

/**
 * The demo starts after these votes' notices went out: the seed writes no notifications (outbox documents), as
 * for the rest of the demo history (tests and the messages page start from an empty outbox).
 */
export function withoutNotifications(storage: Storage): Storage {
  const wrapTx = (tx: TxStore): TxStore =>
    new Proxy(tx, {
      get(target, prop, receiver) {
        if (prop === 'create') {
          return (collection: string, id: string, data: Record<string, unknown>) =>
            collection === OUTBOX ? Promise.resolve({ id, version: 1, data }) : target.create(collection, id, data);
        }
        const v = Reflect.get(target, prop, receiver) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
  return new Proxy(storage, {
    get(target, prop, receiver) {
      if (prop === 'transaction') return <T>(fn: (tx: TxStore) => Promise<T>) => target.transaction((tx) => fn(wrapTx(tx)));
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

async function castAll(
  ctx: (openid: string) => Promise<ActionContext>,
  setClock: (ms: number) => void,
  topicId: string,
  voters: Voter[],
  from: number,
  span: number,
  choose: (r: () => number) => BallotChoice[],
  rand: () => number,
): Promise<void> {
  const estateId = DEMO_ESTATE_ID;
  const step = Math.floor(span / Math.max(1, voters.reduce((n, v) => n + v.units.length, 0)));
  let at = from;
  let n = 0;
  for (const voter of voters) {
    const c = await ctx(voter.openid);
    for (const unit of voter.units) {
      setClock(at);
      await confirmDelivery(c, { estateId, unitId: unit, topicId });
      setClock(at + 60_000 + Math.floor(rand() * 240_000));
      const [a, b] = choose(rand);
      await castBallot(c, {
        estateId,
        unitId: unit,
        topicId,
        idempotencyKey: `seed-${topicId}-${++n}`.replace(/[^A-Za-z0-9_-]/g, '_'),
        choices: [{ itemId: 'i1', choice: a! }, { itemId: 'i2', choice: b! }],
      });
      at += step;
    }
  }
}

/**
 * Units whose owners have NOT verified online in the demo: floors 1-2 of every building and a few more, so the
 * demo and the tests can still verify owners there (马建华 2-1-102, the buyer of 3-1-702, roster matches...).
 */
const LEFT_UNVERIFIED = new Set(['3-1-701', '3-1-702', '2-1-502', '3-2-502', '2-2-1001']);
export function isLeftUnverified(u: { building: string; entrance: string; room: string }): boolean {
  return Number(u.room.slice(0, -2)) <= 2 || LEFT_UNVERIFIED.has(`${u.building}-${u.entrance}-${u.room}`);
}

/**
 * One account per roster person who is the first-listed owner of a unit without a demo persona, linked to those
 * units as the identity module links a roster match (member with role owner, unit links, person link; the first
 * linked owner of a unit becomes its representative). Developer-held units have no account.
 */
async function createVoterAccounts(ports: Ports, estateId: string, roster: DemoRoster, personKeyOf: (seedKey: string) => string): Promise<Voter[]> {
  const { crypto } = ports;
  const at = ports.clock.now().toISOString();
  const personaPeople = new Set(DEMO_PERSONAS.map((p) => p.personKey).filter((k): k is string => !!k));
  const unitsOf = new Map<string, { id: string; coOwned: boolean }[]>();
  for (const u of roster.units) {
    const first = u.owners[0];
    if (u.developerHeld || !first || personaPeople.has(first) || isLeftUnverified(u)) continue;
    unitsOf.set(first, [...(unitsOf.get(first) ?? []), { id: unitId(estateId, u.building, u.entrance, u.room), coOwned: u.owners.length > 1 }]);
  }
  const names = new Map(roster.people.map((p) => [p.key, p.name]));
  const voters: Voter[] = [];
  const entries = [...unitsOf.entries()];
  // a few accounts per transaction: well under the engines' write limits
  for (let i = 0; i < entries.length; i += 10) {
    await ports.storage.transaction(async (tx) => {
      for (const [key, units] of entries.slice(i, i + 10)) {
        const openid = `demo-voter-${key}`;
        const member: MemberDoc = {
          estateId,
          openid,
          accountKey: accountKeyOf(crypto, estateId, openid),
          roles: ['owner'],
          displayName: maskName(names.get(key) ?? '业主'),
          since: at,
          history: [{ at, by: 'system', change: 'roles: owner', reason: 'demo seed (roster match)' }],
        };
        await tx.create(MEMBERS, memberId(estateId, openid), member);
        const personKey = personKeyOf(key);
        for (const u of units) await linkUnit(tx, crypto, at, { estateId, unitId: u.id, openid, method: 'roster_match', personKey, coOwned: u.coOwned });
        await tx.create(PERSON_LINKS, personLinkId(estateId, personKey), { estateId, personKey, openid });
        await appendAudit(tx, ports, {
          estateId,
          actor: 'system',
          action: 'member.roles_granted',
          subject: `${MEMBERS}/${member.accountKey}`,
          data: { roles: ['owner'], units: units.map((u) => u.id), method: 'demo seed' },
        });
        voters.push({ openid, units: units.map((u) => u.id) });
      }
    });
  }
  return voters;
}
