import { MATTERS, MORE_THAN_HALF, isMatterNumber, meets, type MatterNumber, type Threshold } from '../../../types/matters';
import { normalizeUnitPart } from '../../../types/normalize';
import { NON_VOTER_HANDLINGS, type NonVoterHandling } from '../../../types/procedure-rules';
import { formatAreaCenti, parseAreaCenti } from './area';
import { StringIndex } from './string-index';

/**
 * The counting engine: 民法典 Art. 278 with the SPC building-ownership interpretation Art. 8 (area) and Art. 9
 * (headcount), Art. 1259 boundaries, building scope (DOMAIN §2–3). Pure: no storage, no clock, no floating point
 * in any decision. The product's count and `npm run count` (scripts/count.ts) both call `countVote`/`countItem`;
 * the format, the headcount rule for owners whose units voted differently and worked examples are in
 * docs/counting.md.
 *
 * Areas are integers of 0.01 m² parsed from decimal strings; thresholds come from the matter table
 * (types/matters.ts) and are compared by cross-multiplication (`meets`).
 */

export const BALLOT_CHOICES = ['yes', 'no', 'abstain'] as const;
export type BallotChoice = (typeof BALLOT_CHOICES)[number];

/** The four conditions of Art. 278 ¶2, in the order `fails` lists them. */
export const CONDITIONS = ['turnoutArea', 'turnoutHeadcount', 'approvalArea', 'approvalHeadcount'] as const;
export type ConditionName = (typeof CONDITIONS)[number];

export const INVALID_REASONS = ['notInRoster', 'outsideScope', 'badChoice', 'duplicate'] as const;
export type InvalidReason = (typeof INVALID_REASONS)[number];
export const INVALID_REASON_TEXT: Record<InvalidReason, string> = {
  notInRoster: '名册中没有该房屋',
  outsideScope: '该房屋不在本次表决范围内',
  badChoice: '选项无效（只能是同意、反对或弃权）',
  duplicate: '该房屋已有一张有效选票，以第一张为准',
};

/**
 * Non-voter handling, from the vote's frozen rules of procedure: 'not_counted' is the default; 'follow_majority'
 * (从众) only when an estate's confirmed rules say so.
 */
export type { NonVoterHandling };

/** 'estate', or some buildings; the product's `{ kind: 'estate' | 'buildings' }` form is accepted too. */
export type CountScope = 'estate' | { buildings: string[] } | { kind: 'estate' } | { kind: 'buildings'; buildings: string[] };

export interface CountRosterUnit {
  unit: string;
  building: string;
  /** decimal string of m², at most 2 decimals ("89.52") */
  area: string;
  /** person ids; ignored for developer-held units */
  owners: string[];
  developerHeld?: boolean;
}

export interface CountBallot {
  unit: string;
  choice: string;
}

/** One item: the CLI's file format (docs/counting.md). Ballots in arrival order. */
export interface CountItemInput {
  matter: number;
  scope: CountScope;
  roster: CountRosterUnit[];
  ballots: CountBallot[];
  nonVoters?: NonVoterHandling;
}

/** A whole vote: one frozen roster and scope, several items each with its matter and its ballots. */
export interface CountVoteInput {
  scope: CountScope;
  roster: CountRosterUnit[];
  items: { itemId: string; matter: number; ballots: CountBallot[] }[];
  nonVoters?: NonVoterHandling;
}

/** The input is not countable (bad roster, unknown matter or building): a published file or snapshot is broken. */
export class CountInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CountInputError';
  }
}

export interface Tally {
  units: number;
  /** 0.01 m² */
  areaCenti: number;
  /** m² with two decimals, for reading */
  area: string;
  headcount: number;
}

export interface Condition {
  measure: 'area' | 'headcount';
  /** area in 0.01 m², or persons */
  part: number;
  whole: number;
  /** "2/3", "3/4", "1/2" */
  threshold: string;
  /** true: part/whole >= threshold (以上); false: part/whole > threshold (过半数) */
  inclusive: boolean;
  met: boolean;
  /** the smallest part that meets the threshold with this whole */
  needed: number;
  /** needed - part when not met, else 0 */
  shortfall: number;
  /** part/whole in percent, rounded DOWN to one decimal: for reading only, never for deciding */
  percent: string;
}

export interface Conditions {
  turnoutArea: Condition;
  turnoutHeadcount: Condition;
  /** null when the quorum is not met: approval is then not judged */
  approvalArea: Condition | null;
  approvalHeadcount: Condition | null;
}

export interface Reason {
  condition: ConditionName;
  text: string;
}

export interface InvalidBallot {
  index: number;
  unit: string;
  reason: InvalidReason;
  text: string;
}

export interface Decision {
  quorumMet: boolean;
  passed: boolean;
  fails: ConditionName[];
  reasons: Reason[];
  conditions: Conditions;
}

export interface ItemResult extends Decision {
  matter: MatterNumber;
  matterLabel: string;
  nonVoterHandling: NonVoterHandling;
  figures: {
    totals: Tally;
    participating: Tally;
    approving: Tally;
    opposing: Tally;
    abstaining: Tally;
    /** persons with several units whose valid ballots differ: participating, not approving (docs/counting.md) */
    mixedHeadcount: number;
    /** in scope without a valid ballot (a person with a voted unit is not a non-voting head) */
    nonVoting: Tally;
  };
  /** only with 'follow_majority': where the non-voters went, and the decision without them */
  nonVoters?: {
    joined: 'approving' | 'notApproving';
    participating: Tally;
    approving: Tally;
    withoutNonVoters: Decision;
  };
  invalid: InvalidBallot[];
}

export interface VoteResult {
  totals: Tally;
  items: (ItemResult & { itemId: string })[];
}

/** A roster indexed for counting: unit index, 0.01 m², person and scope flag per unit. */
export interface PreparedRoster {
  /** unit id → roster position (reads the unit ids from the roster: a frozen snapshot, not changed while counting) */
  readonly index: StringIndex<CountRosterUnit[]>;
  /** 0.01 m² per unit: int32 (half the memory) unless some unit is over 21,474,836.47 m² */
  readonly areaCenti: Int32Array | Float64Array;
  /** the unit's person (Art. 9), named by the roster position of that person's first unit */
  readonly head: Int32Array;
  readonly inScope: Uint8Array;
  readonly totals: Tally;
}

/**
 * Art. 9: all developer-held units are one person; otherwise the set of owners is the person (co-owners of a unit
 * are one person, the same owner set on several units is one buyer): the same grouping as
 * server/core/identity/headcount.ts headKey. Single owners and owner sets are kept in separate tables, so no person
 * id can collide with another key ("a+b"), and the common single-owner case builds no string. Returns null for a
 * single owner (["a"], or ["a", "a"]), else the sorted distinct owners as JSON.
 */
function multiOwnerKey(owners: string[]): string | null {
  if (owners.length === 2) {
    // the common co-owned unit, without a Set and a sort
    const [a, b] = owners;
    return a === b ? null : JSON.stringify(a < b ? [a, b] : [b, a]);
  }
  const set = [...new Set(owners)].sort();
  return set.length === 1 ? null : JSON.stringify(set);
}

function scopeBuildings(scope: CountScope): string[] | null {
  if (scope === 'estate') return null;
  if (scope && typeof scope === 'object') {
    if ('kind' in scope && scope.kind === 'estate') return null;
    if ('buildings' in scope && Array.isArray(scope.buildings)) {
      if (!scope.buildings.length || scope.buildings.some((b) => typeof b !== 'string')) {
        throw new CountInputError('scope.buildings 必须是非空的楼栋列表 must be a non-empty list of building names');
      }
      return scope.buildings.map((b) => normalizeUnitPart('building', b));
    }
  }
  throw new CountInputError('scope 必须是 "estate" 或 { "buildings": [...] } must be "estate" or { "buildings": [...] }');
}

const tally = (units: number, areaCenti: number, headcount: number): Tally => ({ units, areaCenti, area: formatAreaCenti(areaCenti), headcount });

const unitIdAt = (roster: CountRosterUnit[], i: number) => roster[i].unit;
const firstOwnerAt = (roster: CountRosterUnit[], i: number) => roster[i].owners[0];
const keyAt = (keys: string[], k: number) => keys[k];
const INT32_MAX = 2 ** 31 - 1;

/**
 * Validates and indexes the roster once for all items of a vote. Throws CountInputError on a broken roster.
 *
 * A person is named by the position of their first unit in the roster, so the tables map strings to positions and
 * read their keys back from the roster (no copy of 110,000 ids): unit id → its position, single owner id → the
 * first unit it owns, owner set → the first unit it owns.
 *
 * Three passes, each its own small function: the optimizing compiler then compiles the hot loops quickly and
 * alone, instead of one large function whose recompiles cost more than the count on the first runs (bench:count).
 */
export function prepareRoster(roster: CountRosterUnit[], scope: CountScope): PreparedRoster {
  if (!Array.isArray(roster)) throw new CountInputError('roster 必须是数组 must be an array');
  const buildings = scopeBuildings(scope);
  const { index, areaCenti, head } = indexRoster(roster);
  const inScope = new Uint8Array(roster.length);
  if (buildings) markScope(roster, buildings, inScope);
  const totals = scopeTotals(areaCenti, head, buildings ? inScope : null);
  if (!buildings) inScope.fill(1);
  if (!Number.isSafeInteger(totals.areaCenti)) throw new CountInputError('总面积超出可精确计算的范围 total area too large');
  if (!totals.units) throw new CountInputError('表决范围内没有房屋 no unit in scope');
  return { index, areaCenti, head, inScope, totals };
}

function rosterError(i: number, what: string): never {
  throw new CountInputError(`roster[${i}]${what}`);
}

/** Validates every unit and indexes units and persons (see prepareRoster). */
function indexRoster(roster: CountRosterUnit[]): Pick<PreparedRoster, 'index' | 'areaCenti' | 'head'> {
  const n = roster.length;
  const index = new StringIndex(n, roster, unitIdAt);
  const singles = new StringIndex(n, roster, firstOwnerAt);
  // co-owned units are few: the k-th one's owner-set key and position, and a table from a key to the first k
  const coOwned = countCoOwned(roster);
  const setKeys: string[] = [];
  const setUnit = new Int32Array(coOwned);
  const sets = new StringIndex(coOwned, setKeys, keyAt);
  let areaCenti: Int32Array | Float64Array = new Int32Array(n);
  const head = new Int32Array(n);
  let developerHead = -1;
  for (let i = 0; i < n; i++) {
    const u = roster[i];
    if (!u || typeof u !== 'object') rosterError(i, ' 不是对象 is not an object');
    const unit = u.unit;
    if (typeof unit !== 'string' || !unit) rosterError(i, '.unit 必须是非空字符串 must be a non-empty string');
    if (typeof u.building !== 'string') rosterError(i, '.building 必须是字符串 must be a string');
    const centi = parseAreaCenti(u.area);
    if (centi === null || centi <= 0) {
      rosterError(i, `.area 必须是大于 0、最多两位小数的十进制字符串 must be a positive decimal string with at most 2 decimals: ${JSON.stringify(u.area)}`);
    }
    const developerHeld = u.developerHeld ?? false;
    if (typeof developerHeld !== 'boolean') rosterError(i, '.developerHeld 必须是 true 或 false');
    const owners = u.owners ?? [];
    if (!Array.isArray(owners)) rosterError(i, '.owners 必须是人员编号列表 must be a list of person ids');
    for (let k = 0; k < owners.length; k++) {
      if (typeof owners[k] !== 'string' || !owners[k]) rosterError(i, '.owners 必须是人员编号列表 must be a list of person ids');
    }
    if (!developerHeld && !owners.length) rosterError(i, `: 房屋 ${unit} 没有业主 has no owner`);
    if (index.intern(unit, i) !== i) rosterError(i, `: 房屋 ${unit} 在名册中重复 unit listed twice`);
    let h: number;
    if (developerHeld) {
      if (developerHead < 0) developerHead = i;
      h = developerHead;
    } else {
      const key = owners.length === 1 ? null : multiOwnerKey(owners);
      if (key === null) h = singles.intern(owners[0], i);
      else {
        const k = setKeys.length;
        setKeys.push(key);
        setUnit[k] = i;
        h = setUnit[sets.intern(key, k)];
      }
    }
    if (centi! > INT32_MAX && areaCenti instanceof Int32Array) areaCenti = Float64Array.from(areaCenti);
    areaCenti[i] = centi!;
    head[i] = h;
  }
  return { index, areaCenti, head };
}

/** How many units list more than one owner (before validation: an upper bound for the owner-set table). */
function countCoOwned(roster: CountRosterUnit[]): number {
  let coOwned = 0;
  for (let i = 0; i < roster.length; i++) {
    const owners = roster[i]?.owners;
    if (Array.isArray(owners) && owners.length > 1) coOwned++;
  }
  return coOwned;
}

/** Marks the units of the scope's buildings; throws when a scope building has no unit. */
function markScope(roster: CountRosterUnit[], buildings: string[], inScope: Uint8Array): void {
  const wanted = new Set(buildings);
  const seen = new Set<string>();
  for (let i = 0; i < roster.length; i++) {
    const building = normalizeUnitPart('building', roster[i].building);
    seen.add(building);
    if (wanted.has(building)) inScope[i] = 1;
  }
  const unknown = buildings.find((b) => !seen.has(b));
  if (unknown !== undefined) throw new CountInputError(`表决范围中的楼栋 ${unknown} 在名册中没有房屋 scope building has no unit in the roster`);
}

/** Units, area and persons in scope (`inScope` null: the whole estate). */
function scopeTotals(areaCenti: Int32Array | Float64Array, head: Int32Array, inScope: Uint8Array | null): Tally {
  if (!inScope) {
    // every unit: a person is counted at their first unit, the one that names them
    let area = 0;
    let headcount = 0;
    for (let i = 0; i < head.length; i++) {
      area += areaCenti[i];
      if (head[i] === i) headcount++;
    }
    return tally(head.length, area, headcount);
  }
  const headInScope = new Uint8Array(head.length);
  let units = 0;
  let area = 0;
  let headcount = 0;
  for (let i = 0; i < head.length; i++) {
    if (!inScope[i]) continue;
    units++;
    area += areaCenti[i];
    if (!headInScope[head[i]]) {
      headInScope[head[i]] = 1;
      headcount++;
    }
  }
  return tally(units, area, headcount);
}

function fraction(t: Threshold): string {
  return `${t.num}/${t.den}`;
}

function percentDown(part: number, whole: number): string {
  if (whole <= 0) return '0.0';
  const permille = (BigInt(part) * 1000n) / BigInt(whole);
  return `${permille / 10n}.${permille % 10n}`;
}

function condition(measure: 'area' | 'headcount', part: number, whole: number, t: Threshold): Condition {
  const met = meets(part, whole, t);
  // smallest p with p*den >= whole*num (以上) or p*den > whole*num (过半数)
  const scaled = BigInt(whole) * BigInt(t.num);
  const den = BigInt(t.den);
  const needed = whole <= 0 ? 1 : Number(t.inclusive ? (scaled + den - 1n) / den : scaled / den + 1n);
  return {
    measure,
    part,
    whole,
    threshold: fraction(t),
    inclusive: t.inclusive,
    met,
    needed,
    shortfall: met ? 0 : Math.max(needed - part, 0),
    percent: percentDown(part, whole),
  };
}

const REASON_WORDS: Record<ConditionName, [string, string, string]> = {
  turnoutArea: ['参与表决面积', '参与', '总面积'],
  turnoutHeadcount: ['参与表决人数', '参与', '总人数'],
  approvalArea: ['同意面积', '同意', '参与表决面积'],
  approvalHeadcount: ['同意人数', '同意', '参与表决人数'],
};

const amount = (c: Condition, n: number) => (c.measure === 'area' ? `${formatAreaCenti(n)} m²` : `${n} 人`);

/** e.g. "参与表决面积 65.9% < 2/3（参与 6590.00 m²，总面积 10000.00 m²，还差 76.67 m²）" */
export function reasonText(name: ConditionName, c: Condition, note = ''): string {
  const [label, partWord, wholeWord] = REASON_WORDS[name];
  const compare = c.inclusive ? `< ${c.threshold}` : `≤ ${c.threshold}，未过半数`;
  return (
    `${label} ${c.percent}% ${compare}（${partWord} ${amount(c, c.part)}，${wholeWord} ${amount(c, c.whole)}，` +
    `还差 ${amount(c, c.shortfall)}${note}）`
  );
}

function decide(
  turnoutArea: Condition,
  turnoutHeadcount: Condition,
  approval: () => [Condition, Condition],
  note = '',
): Decision {
  const quorumMet = turnoutArea.met && turnoutHeadcount.met;
  const [approvalArea, approvalHeadcount] = quorumMet ? approval() : [null, null];
  const conditions: Conditions = { turnoutArea, turnoutHeadcount, approvalArea, approvalHeadcount };
  const fails: ConditionName[] = [];
  const reasons: Reason[] = [];
  for (const name of CONDITIONS) {
    const c = conditions[name];
    if (c && !c.met) {
      fails.push(name);
      reasons.push({ condition: name, text: reasonText(name, c, name.startsWith('approval') ? note : '') });
    }
  }
  return { quorumMet, passed: quorumMet && fails.length === 0, fails, reasons, conditions };
}

/**
 * The first valid ballot of each unit in scope: units and area per choice (index 1 yes, 2 no, 3 abstain), and
 * persons per choice (4: units that voted differently), from a mask per person of the choices their units took
 * (bit 0 yes, 1 no, 2 abstain). Its own small function: the hot loops of a count, compiled alone (see
 * prepareRoster).
 */
function tallyBallots(roster: PreparedRoster, ballots: CountBallot[]) {
  const { index, areaCenti, head, inScope } = roster;
  const voted = new Uint8Array(areaCenti.length);
  const headMask = new Uint8Array(areaCenti.length);
  const units = [0, 0, 0, 0];
  const area = [0, 0, 0, 0];
  const invalid: InvalidBallot[] = [];
  for (let i = 0; i < ballots.length; i++) {
    const b = ballots[i] as Partial<CountBallot> | null;
    const unit = b && typeof b === 'object' && typeof b.unit === 'string' ? b.unit : '';
    const u = unit ? index.get(unit) : -1;
    let reason: InvalidReason | null = null;
    let code = 0;
    if (u < 0) reason = 'notInRoster';
    else if (!inScope[u]) reason = 'outsideScope';
    else {
      const choice = b!.choice;
      code = choice === 'yes' ? 1 : choice === 'no' ? 2 : choice === 'abstain' ? 3 : 0;
      if (!code) reason = 'badChoice';
      else if (voted[u]) reason = 'duplicate';
    }
    if (reason) {
      invalid.push({ index: i, unit, reason, text: INVALID_REASON_TEXT[reason] });
      continue;
    }
    voted[u] = code;
    units[code]++;
    area[code] += areaCenti[u];
    headMask[head[u]] |= 1 << (code - 1);
  }
  // Art. 9 per person: participating if any unit has a valid ballot; approving only if every valid ballot is yes.
  const heads = [0, 0, 0, 0, 0];
  for (let h = 0; h < headMask.length; h++) {
    const m = headMask[h];
    if (!m) continue;
    heads[m === 1 ? 1 : m === 2 ? 2 : m === 4 ? 3 : 4]++;
  }
  return { units, area, heads, invalid };
}

/** Counts one item's ballots (in arrival order) against a prepared roster. */
export function countPrepared(
  roster: PreparedRoster,
  matterNumber: number,
  ballots: CountBallot[],
  nonVoters: NonVoterHandling = 'not_counted',
): ItemResult {
  if (!isMatterNumber(matterNumber)) throw new CountInputError(`matter 必须是 1 到 9 的整数（民法典第二百七十八条）: ${JSON.stringify(matterNumber)}`);
  if (!(NON_VOTER_HANDLINGS as readonly string[]).includes(nonVoters)) {
    throw new CountInputError(`nonVoters 只能是 "not_counted" 或 "follow_majority": ${JSON.stringify(nonVoters)}`);
  }
  if (!Array.isArray(ballots)) throw new CountInputError('ballots 必须是数组 must be an array');
  const matter = MATTERS[matterNumber];
  const { totals } = roster;
  const { units, area, heads, invalid } = tallyBallots(roster, ballots);
  const partUnits = units[1] + units[2] + units[3];
  const partArea = area[1] + area[2] + area[3];
  const partHeads = heads[1] + heads[2] + heads[3] + heads[4];
  const participating = tally(partUnits, partArea, partHeads);
  const approving = tally(units[1], area[1], heads[1]);
  const nonVoting = tally(totals.units - partUnits, totals.areaCenti - partArea, totals.headcount - partHeads);

  const turnoutArea = condition('area', partArea, totals.areaCenti, matter.quorum);
  const turnoutHeadcount = condition('headcount', partHeads, totals.headcount, matter.quorum);
  const plain = decide(turnoutArea, turnoutHeadcount, () => [
    condition('area', area[1], partArea, matter.approval),
    condition('headcount', heads[1], partHeads, matter.approval),
  ]);

  const result: ItemResult = {
    matter: matterNumber,
    matterLabel: matter.label,
    nonVoterHandling: nonVoters,
    ...plain,
    figures: {
      totals,
      participating,
      approving,
      opposing: tally(units[2], area[2], heads[2]),
      abstaining: tally(units[3], area[3], heads[3]),
      mixedHeadcount: heads[4],
      nonVoting,
    },
    invalid,
  };
  if (nonVoters === 'follow_majority') {
    // 从众: non-voters join the side that more than half of the participating area AND headcount took. The quorum
    // is still judged on real participation only (DOMAIN §3: non-voters cannot make up the 2/3 turnout).
    const majorityApproves = meets(area[1], partArea, MORE_THAN_HALF) && meets(heads[1], partHeads, MORE_THAN_HALF);
    const withApproving = majorityApproves
      ? tally(units[1] + nonVoting.units, area[1] + nonVoting.areaCenti, heads[1] + nonVoting.headcount)
      : approving;
    const withParticipating = totals;
    const decision = decide(
      turnoutArea,
      turnoutHeadcount,
      () => [
        condition('area', withApproving.areaCenti, withParticipating.areaCenti, matter.approval),
        condition('headcount', withApproving.headcount, withParticipating.headcount, matter.approval),
      ],
      '，含按从众计入的未投票业主',
    );
    Object.assign(result, decision);
    result.nonVoters = {
      joined: majorityApproves ? 'approving' : 'notApproving',
      participating: withParticipating,
      approving: withApproving,
      withoutNonVoters: plain,
    };
  }
  return result;
}

/** The product's form: one frozen roster and scope, every item of the vote. */
export function countVote(input: CountVoteInput): VoteResult {
  if (!input || typeof input !== 'object' || !Array.isArray(input.items)) throw new CountInputError('items 必须是数组 must be an array');
  const roster = prepareRoster(input.roster, input.scope);
  const seen = new Set<string>();
  const items = input.items.map((item, i) => {
    if (!item || typeof item.itemId !== 'string' || !item.itemId) throw new CountInputError(`items[${i}].itemId 必须是非空字符串`);
    if (seen.has(item.itemId)) throw new CountInputError(`items[${i}].itemId 重复 duplicate: ${item.itemId}`);
    seen.add(item.itemId);
    return { itemId: item.itemId, ...countPrepared(roster, item.matter, item.ballots, input.nonVoters) };
  });
  return { totals: roster.totals, items };
}

/** The CLI's form: one item per file (docs/counting.md). */
export function countItem(input: CountItemInput): ItemResult {
  if (!input || typeof input !== 'object') throw new CountInputError('输入必须是 JSON 对象 input must be a JSON object');
  return countPrepared(prepareRoster(input.roster, input.scope), input.matter, input.ballots, input.nonVoters);
}
