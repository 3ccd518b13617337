import { canonicalJson } from '../canonical-json';
import { entryHash, type Hasher } from '../audit/chain';
import { formatAreaCenti } from './area';
import { countVote, type CountScope, type NonVoterHandling, type VoteResult } from './count';

/**
 * The published files of a closed vote (issue 11 item 8) and their checks, pure: the server builds them at close
 * and counts FROM them, and `npm run recount` / `npm run verify:ballots` (scripts/) run the same functions on
 * the files alone. docs/counting.md ("公示数据与核验") documents the format.
 *
 * Nothing here names a unit, a person or an account: a unit is a per-vote keyed token (the property company knows
 * who lives where, so a unit id would reveal a choice), an owner-person a per-vote keyed token; building and area
 * stay because the count needs them and the roster is public in the notice.
 */

export const PUBLICATION_FORMAT = 'gongyi-vote-publication/1';
/** genesis of the ballot list's hash chain */
export const BALLOTS_GENESIS = 'gongyi-ballots/1';
export const PUBLISHED_FILES = ['manifest', 'roster', 'ballots', 'ledger', 'result'] as const;
export type PublishedFileName = (typeof PUBLISHED_FILES)[number];

export interface PublishedRosterUnit {
  unit: string;
  building: string;
  area: string;
  /** one person token (co-owners and one buyer's units share it; all developer stock shares one) */
  owners: string[];
  developerHeld: false;
}

export interface PublishedBallot {
  /** 1-based place in the list (ledger order) */
  position: number;
  receipt: string;
  unit: string;
  building: string;
  area: string;
  person: string;
  channel: string;
  /** itemId → yes | no | abstain */
  choices: Record<string, string>;
  /** seq of the ballot's event in the vote's ledger; null when the channel writes none */
  ledgerSeq: number | null;
}

/** A chained ledger entry without its event body (the body's subject names the unit); `hash` still verifies. */
export interface PublishedLedgerEntry {
  estateId: string;
  seq: number;
  eventId: string;
  eventHash: string;
  prevHash: string;
  sequencedAt: string;
  hash: string;
  action: string;
  /** the receipt the event gives a valid ballot (null for duplicates and other events) */
  receipt: string | null;
  /** the unit's token (so a later change of the same unit supersedes its earlier receipt) */
  unit: string | null;
}

export interface PublishedItem {
  itemId: string;
  title: string;
  matter: number;
}

export interface PublicationManifest {
  format: string;
  topicId: string;
  title: string;
  scope: CountScope;
  items: PublishedItem[];
  nonVoters: NonVoterHandling;
  /** the roster fingerprint published in the notice at announcement */
  rosterFingerprint: string;
  unitCount: number;
  ballotCount: number;
  /** hash chain over the ballot list: h0 = sha256(BALLOTS_GENESIS), h_i = sha256(h_{i-1} + "\n" + canonicalJson(ballot_i)) */
  rootHash: string;
  hashScheme: string;
  ledgerHead: { seq: number; hash: string } | null;
  closedAt: string;
}

export interface PublishedFiles {
  manifest: PublicationManifest;
  roster: { scope: CountScope; roster: PublishedRosterUnit[] };
  ballots: { rootHash: string; ballots: PublishedBallot[] };
  ledger: { entries: PublishedLedgerEntry[] };
  result: VoteResult;
}

export const HASH_SCHEME = 'sha256 chain: h0 = sha256("gongyi-ballots/1"); h_i = sha256(h_{i-1} + "\\n" + canonicalJson(ballot_i)); root = h_n';

/** The ballot list's root: a hash chain, so any altered, removed, inserted or moved ballot changes it. */
export function ballotsRootHash(sha256: Hasher, ballots: readonly PublishedBallot[]): string {
  let h = sha256(BALLOTS_GENESIS);
  for (const b of ballots) h = sha256(`${h}\n${canonicalJson(b)}`);
  return h;
}

// ───────────────────────── building ─────────────────────────

export interface ElectorateUnitIn {
  unitId: string;
  building: string;
  areaCenti: number;
  headKey: string;
}

/** A stored valid ballot (one per item and unit), as far as publication needs it. */
export interface StoredBallotIn {
  itemId: string;
  unitId: string;
  choice: string;
  channel: string;
  receipt: string;
  castAt: string;
}

/** A chained ledger entry as the audit chain stores it. */
export interface LedgerEntryIn {
  estateId: string;
  seq: number;
  eventId: string;
  eventHash: string;
  prevHash: string;
  sequencedAt: string;
  hash: string;
  event: { action: string; subject: string; data: Record<string, unknown> };
}

export interface BuildInput {
  topicId: string;
  title: string;
  scope: CountScope;
  items: PublishedItem[];
  nonVoters: NonVoterHandling;
  rosterFingerprint: string;
  closedAt: string;
  electorate: readonly ElectorateUnitIn[];
  ballots: readonly StoredBallotIn[];
  ledger: readonly LedgerEntryIn[];
  /** per-vote keyed pseudonyms */
  unitToken: (unitId: string) => string;
  personToken: (headKey: string) => string;
  sha256: Hasher;
}

const unitOfSubject = (subject: string) => (subject.startsWith('units/') ? subject.slice('units/'.length) : null);

/** The receipt an event gives a valid ballot: accepted/changed online, paper and proxy entries; not a duplicate. */
function validReceipt(e: LedgerEntryIn['event']): string | null {
  const r = e.data.receipt;
  return e.action.startsWith('ballot.') && e.action !== 'ballot.duplicate' && typeof r === 'string' ? r : null;
}

/** Builds every published file, and the result by counting the published roster and ballots (what a recount does). */
export function buildPublication(input: BuildInput): PublishedFiles {
  const tokens = new Map<string, string>();
  const tokenOf = (unitId: string) => {
    let t = tokens.get(unitId);
    if (t === undefined) tokens.set(unitId, (t = input.unitToken(unitId)));
    return t;
  };
  const units = new Map(input.electorate.map((u) => [u.unitId, u]));
  const roster: PublishedRosterUnit[] = input.electorate
    .map((u) => ({ unit: tokenOf(u.unitId), building: u.building, area: formatAreaCenti(u.areaCenti), owners: [input.personToken(u.headKey)], developerHeld: false as const }))
    .sort((a, b) => (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0));

  const ledger: PublishedLedgerEntry[] = input.ledger.map((e) => {
    const unitId = unitOfSubject(e.event.subject);
    return {
      estateId: e.estateId, seq: e.seq, eventId: e.eventId, eventHash: e.eventHash, prevHash: e.prevHash, sequencedAt: e.sequencedAt, hash: e.hash,
      action: e.event.action, receipt: validReceipt(e.event), unit: unitId ? tokenOf(unitId) : null,
    };
  });
  const seqOfReceipt = new Map<string, number>();
  for (const e of ledger) if (e.receipt) seqOfReceipt.set(e.receipt, e.seq);

  // one package per unit: the unit's valid ballots of every item share a receipt
  const byUnit = new Map<string, { unitId: string; receipt: string; channel: string; castAt: string; choices: Record<string, string> }>();
  for (const b of input.ballots) {
    let p = byUnit.get(b.unitId);
    if (!p) byUnit.set(b.unitId, (p = { unitId: b.unitId, receipt: b.receipt, channel: b.channel, castAt: b.castAt, choices: {} }));
    p.choices[b.itemId] = b.choice;
  }
  const order = [...byUnit.values()].map((p) => ({ p, seq: seqOfReceipt.get(p.receipt) ?? null, token: tokenOf(p.unitId) }));
  // ledger order; ballots whose channel wrote no ledger event follow, by time then token
  order.sort((a, b) =>
    a.seq !== null && b.seq !== null ? a.seq - b.seq
      : a.seq !== null ? -1
        : b.seq !== null ? 1
          : a.p.castAt < b.p.castAt ? -1 : a.p.castAt > b.p.castAt ? 1 : a.token < b.token ? -1 : 1,
  );
  const ballots: PublishedBallot[] = order.map(({ p, seq, token }, i) => {
    const u = units.get(p.unitId);
    const choices: Record<string, string> = {};
    for (const item of input.items) if (p.choices[item.itemId] !== undefined) choices[item.itemId] = p.choices[item.itemId]!;
    return {
      position: i + 1,
      receipt: p.receipt,
      unit: token,
      building: u?.building ?? '',
      area: u ? formatAreaCenti(u.areaCenti) : '',
      person: u ? input.personToken(u.headKey) : '',
      channel: p.channel,
      choices,
      ledgerSeq: seq,
    };
  });
  const rootHash = ballotsRootHash(input.sha256, ballots);
  const last = input.ledger[input.ledger.length - 1];
  const manifest: PublicationManifest = {
    format: PUBLICATION_FORMAT,
    topicId: input.topicId,
    title: input.title,
    scope: input.scope,
    items: input.items,
    nonVoters: input.nonVoters,
    rosterFingerprint: input.rosterFingerprint,
    unitCount: roster.length,
    ballotCount: ballots.length,
    rootHash,
    hashScheme: HASH_SCHEME,
    ledgerHead: last ? { seq: last.seq, hash: last.hash } : null,
    closedAt: input.closedAt,
  };
  const files = { manifest, roster: { scope: input.scope, roster }, ballots: { rootHash, ballots }, ledger: { entries: ledger } };
  return { ...files, result: recount(files) };
}

// ───────────────────────── re-checking ─────────────────────────

/** The engine's input from the published files alone (the CLI's whole-vote form: `npm run count` accepts it). */
export function countInput(files: Pick<PublishedFiles, 'manifest' | 'roster' | 'ballots'>) {
  return {
    scope: files.manifest.scope,
    nonVoters: files.manifest.nonVoters,
    roster: files.roster.roster,
    items: files.manifest.items.map((item) => ({
      itemId: item.itemId,
      matter: item.matter,
      ballots: files.ballots.ballots.filter((b) => b.choices[item.itemId] !== undefined).map((b) => ({ unit: b.unit, choice: b.choices[item.itemId]! })),
    })),
  };
}

/** Counts the published files with the product's engine. */
export const recount = (files: Pick<PublishedFiles, 'manifest' | 'roster' | 'ballots'>): VoteResult => countVote(countInput(files));

/** Whether two results are the same (key order aside). */
export const sameResult = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

export interface BallotsVerdict {
  ok: boolean;
  rootHash: string;
  problems: string[];
}

/**
 * Checks the ballot list: its root hash against the list, the manifest and (when given) the root announced at
 * publication; positions; the ledger chain's links and entry hashes; every listed receipt at its ledger place in
 * ledger order; and every unit's latest valid receipt in the ledger present in the list. Detects an altered,
 * removed, reordered or inserted ballot.
 */
export function verifyPublishedBallots(
  sha256: Hasher,
  files: Pick<PublishedFiles, 'manifest' | 'ballots' | 'ledger'>,
  announcedRoot?: string,
): BallotsVerdict {
  const problems: string[] = [];
  const list = files.ballots.ballots;
  const root = ballotsRootHash(sha256, list);
  if (root !== files.ballots.rootHash) problems.push(`根哈希不符：选票清单算得 ${root}，文件写的是 ${files.ballots.rootHash}`);
  if (root !== files.manifest.rootHash) problems.push(`根哈希不符：选票清单算得 ${root}，公示清单（manifest）写的是 ${files.manifest.rootHash}`);
  if (announcedRoot && root !== announcedRoot) problems.push(`根哈希不符：选票清单算得 ${root}，公示时公布的是 ${announcedRoot}`);
  if (list.length !== files.manifest.ballotCount) problems.push(`选票数不符：清单 ${list.length} 张，公示清单写 ${files.manifest.ballotCount} 张`);
  list.forEach((b, i) => {
    if (b.position !== i + 1) problems.push(`第 ${i + 1} 张选票的序号是 ${b.position}`);
  });

  // the ledger: links and entry hashes (the event bodies are withheld; eventHash is covered by the entry hash)
  const entries = files.ledger.entries;
  let prev: PublishedLedgerEntry | null = null;
  for (const e of entries) {
    if (e.seq !== (prev ? prev.seq + 1 : 1)) problems.push(`账本第 ${e.seq} 条的序号不连续`);
    if (prev && e.prevHash !== prev.hash) problems.push(`账本第 ${e.seq} 条没有接在上一条之后`);
    if (entryHash(sha256, e as unknown as Parameters<typeof entryHash>[1]) !== e.hash) problems.push(`账本第 ${e.seq} 条的哈希不符`);
    prev = e;
  }
  const head = files.manifest.ledgerHead;
  if (head && (!prev || prev.seq !== head.seq || prev.hash !== head.hash)) problems.push('账本末条与公示清单记录的账本头不符');

  // listed receipts sit at their ledger place, in ledger order
  const bySeq = new Map(entries.map((e) => [e.seq, e]));
  let lastSeq = 0;
  for (const b of list) {
    if (b.ledgerSeq === null) continue;
    const e = bySeq.get(b.ledgerSeq);
    if (!e || e.receipt !== b.receipt) problems.push(`回执 ${b.receipt} 不在账本第 ${b.ledgerSeq} 条`);
    else if (e.unit !== null && e.unit !== b.unit) problems.push(`回执 ${b.receipt} 在账本中属于另一房屋`);
    if (b.ledgerSeq <= lastSeq) problems.push(`回执 ${b.receipt} 的位置与账本顺序不符`);
    lastSeq = Math.max(lastSeq, b.ledgerSeq);
  }
  // every unit's latest valid receipt in the ledger is listed
  const latest = new Map<string, string>();
  for (const e of entries) if (e.receipt) latest.set(e.unit ?? e.receipt, e.receipt);
  const listed = new Set(list.map((b) => b.receipt));
  for (const receipt of latest.values()) if (!listed.has(receipt)) problems.push(`账本中的有效回执 ${receipt} 不在选票清单中`);
  return { ok: problems.length === 0, rootHash: root, problems };
}

/** Where a receipt is in the published list (1-based), or null. */
export function findReceipt(ballots: readonly PublishedBallot[], receipt: string): PublishedBallot | null {
  const wanted = receipt.trim().toUpperCase();
  return ballots.find((b) => b.receipt === wanted) ?? null;
}
