/**
 * The published files of a vote (server/core/voting/publication.ts), pure: built from a frozen electorate, stored
 * ballots and a real hash-chained ledger (the audit chain's nextEntry); the root hash against an independent,
 * deliberately plain computation of the documented scheme; the recount equal to the engine on the same data by
 * hand; tokens instead of unit ids and persons; paper ballots without a ledger event placed after; and the checks.
 */
import { createHash } from 'node:crypto';
import { makeEvent, nextEntry, type AuditEntry } from '../../server/core/audit/chain';
import { countVote } from '../../server/core/voting/count';
import { buildPublication, recount, sameResult, verifyPublishedBallots, type BuildInput, type StoredBallotIn } from '../../server/core/voting/publication';

const sha256 = (t: string) => createHash('sha256').update(t, 'utf8').digest('hex');

/** canonical JSON with sorted keys, written out here independently of the product's helper */
const canon = (v: unknown): string =>
  Array.isArray(v) ? `[${v.map(canon).join(',')}]`
    : v && typeof v === 'object' ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canon((v as Record<string, unknown>)[k])}`).join(',')}}`
      : JSON.stringify(v);

const ELECTORATE = [
  { unitId: 'hemu:1-1-101', building: '1', areaCenti: 8952, headKey: 'wang' },
  { unitId: 'hemu:1-1-102', building: '1', areaCenti: 10000, headKey: 'chen' },
  { unitId: 'hemu:1-1-201', building: '1', areaCenti: 10000, headKey: 'chen' },
  { unitId: 'hemu:2-1-101', building: '2', areaCenti: 12000, headKey: 'li+zhou' },
  { unitId: 'hemu:2-1-102', building: '2', areaCenti: 9000, headKey: 'developer' },
];
const ITEMS = [{ itemId: 'i1', title: '外墙修缮', matter: 5 }, { itemId: 'i2', title: '快递柜', matter: 8 }];

function ledgerOf(events: { unitId: string; receipt: string; action?: string }[]): AuditEntry[] {
  const out: AuditEntry[] = [];
  events.forEach((e, i) => {
    const event = makeEvent(sha256, { estateId: 'vote:t1', at: `2026-12-0${i + 1}T00:00:00.000Z`, actor: 'p_x', action: e.action ?? 'ballot.accepted', subject: `units/${e.unitId}`, data: { receipt: e.receipt } });
    const prev = out[out.length - 1];
    out.push(nextEntry(sha256, prev ? { seq: prev.seq, hash: prev.hash } : null, { eventId: `ev${i}`, event, sequencedAt: `2026-12-0${i + 1}T00:00:01.000Z` }));
  });
  return out;
}

function input(): BuildInput {
  const ballot = (unitId: string, receipt: string, c1: string, c2: string, channel = 'online'): StoredBallotIn[] => [
    { itemId: 'i1', unitId, choice: c1, channel, receipt, castAt: '2026-12-01T00:00:00.000Z' },
    { itemId: 'i2', unitId, choice: c2, channel, receipt, castAt: '2026-12-01T00:00:00.000Z' },
  ];
  return {
    topicId: 't1', title: '两项', scope: { kind: 'estate' }, items: ITEMS, nonVoters: 'not_counted', rosterFingerprint: 'fp', closedAt: '2026-12-10T00:00:00.000Z',
    electorate: ELECTORATE,
    // stored in unit order; the ledger says 2-1-101 voted first
    ballots: [...ballot('hemu:1-1-101', 'AAAA-0000-0000-0001', 'yes', 'no'), ...ballot('hemu:1-1-102', 'AAAA-0000-0000-0002', 'yes', 'yes'), ...ballot('hemu:2-1-101', 'AAAA-0000-0000-0003', 'no', 'abstain'), ...ballot('hemu:2-1-102', 'AAAA-0000-0000-0004', 'yes', 'yes', 'paper')],
    ledger: ledgerOf([
      { unitId: 'hemu:2-1-101', receipt: 'AAAA-0000-0000-0003' },
      { unitId: 'hemu:1-1-101', receipt: 'AAAA-0000-0000-0001' },
      { unitId: 'hemu:1-1-101', receipt: 'AAAA-0000-0000-0001', action: 'ballot.duplicate' },
      { unitId: 'hemu:1-1-102', receipt: 'AAAA-0000-0000-0002' },
    ]),
    unitToken: (u) => `U${sha256(`k\u0000t1\u0000${u}`).slice(0, 12).toUpperCase()}`,
    personToken: (h) => `P${sha256(`k\u0000t1\u0000${h}`).slice(0, 12).toUpperCase()}`,
    sha256,
  };
}

describe('published files', () => {
  it('lists ballots in ledger order (paper without a ledger event after), with tokens only, and a root the documented scheme gives', () => {
    const files = buildPublication(input());
    const list = files.ballots.ballots;
    expect(list.map((b) => [b.position, b.receipt, b.ledgerSeq, b.channel])).toEqual([
      [1, 'AAAA-0000-0000-0003', 1, 'online'],
      [2, 'AAAA-0000-0000-0001', 2, 'online'],
      [3, 'AAAA-0000-0000-0002', 4, 'online'],
      [4, 'AAAA-0000-0000-0004', null, 'paper'],
    ]);
    expect(list[0]).toMatchObject({ building: '2', area: '120.00', choices: { i1: 'no', i2: 'abstain' } });
    const text = JSON.stringify(files);
    expect(text).not.toMatch(/hemu:|wang|chen|zhou|"developer"/);
    // one buyer's two units share a person token
    const byUnit = new Map(files.roster.roster.map((r) => [r.unit, r.owners[0]]));
    expect(byUnit.get(input().unitToken('hemu:1-1-102'))).toBe(byUnit.get(input().unitToken('hemu:1-1-201')));
    // the root, computed plainly from the scheme in docs/counting.md
    let h = sha256('gongyi-ballots/1');
    for (const b of list) h = sha256(`${h}\n${canon(b)}`);
    expect(files.manifest.rootHash).toBe(h);
    expect(files.ballots.rootHash).toBe(h);
    expect(files.manifest.ledgerHead).toEqual({ seq: 4, hash: input().ledger[3]!.hash });
  });

  it('counts what the engine counts on the same ballots by hand, and recounts to the same', () => {
    const files = buildPublication(input());
    const roster = ELECTORATE.map((u) => ({ unit: u.unitId, building: u.building, area: (u.areaCenti / 100).toFixed(2), owners: [u.headKey] }));
    const byHand = countVote({
      scope: 'estate', roster, nonVoters: 'not_counted',
      items: [
        { itemId: 'i1', matter: 5, ballots: [['hemu:2-1-101', 'no'], ['hemu:1-1-101', 'yes'], ['hemu:1-1-102', 'yes'], ['hemu:2-1-102', 'yes']].map(([unit, choice]) => ({ unit: unit!, choice: choice! })) },
        { itemId: 'i2', matter: 8, ballots: [['hemu:2-1-101', 'abstain'], ['hemu:1-1-101', 'no'], ['hemu:1-1-102', 'yes'], ['hemu:2-1-102', 'yes']].map(([unit, choice]) => ({ unit: unit!, choice: choice! })) },
      ],
    });
    // same figures and decisions (invalid lists name units: none here)
    expect(JSON.parse(JSON.stringify(files.result))).toEqual(JSON.parse(JSON.stringify(byHand)));
    expect(sameResult(recount(files), files.result)).toBe(true);
  });

  it('verifies the intact files and finds a broken ledger link or a ledger receipt missing from the list', () => {
    const files = buildPublication(input());
    expect(verifyPublishedBallots(sha256, files, files.manifest.rootHash)).toEqual({ ok: true, rootHash: files.manifest.rootHash, problems: [] });
    expect(verifyPublishedBallots(sha256, files, 'f'.repeat(64)).problems).toEqual([expect.stringMatching(/公示时公布的是 f{64}$/)]);
    const relinked = structuredClone(files);
    relinked.ledger.entries[2]!.prevHash = '0'.repeat(64);
    expect(verifyPublishedBallots(sha256, relinked).problems).toEqual(['账本第 3 条没有接在上一条之后', '账本第 3 条的哈希不符']);
  });
});
