/**
 * Issue 7: staff read the estate's members in bounded pages (role and building filters, opaque cursor), and
 * "mark all read" pages through the unread messages in chunks under the per-transaction write limit.
 * Runs on both engines (freshEnv); the 2,500-message case only on CloudBase, whose stand-in enforces the limit.
 */
import { main as identity } from '../../cloudfunctions/identity';
import { main as messages } from '../../cloudfunctions/messages';
import { MEMBERS, REPRESENTATIVES, UNIT_LINKS, UNITS, type MemberDoc, type UnitLinkDoc } from '../../server/app/identity/records';
import { MARK_READ_CHUNK } from '../../server/app/messages/markRead';
import { MESSAGES, type MessageDoc } from '../../server/app/notifications/records';
import { encodeCursor, TRANSACTION_WRITE_LIMIT, type Storage } from '../../server/ports';
import type { Role } from '../../types/common';
import type { ApiResult } from '../../types/errors';
import { MEMBERS_PAGE_SIZE, type ListMembersOutput, type MemberView } from '../../types/identity';
import { MESSAGES_CURSOR_MAX } from '../../types/messages';
import { as, freshEnv, onEngine, type TestEnv } from '../support/ports';
import { ok } from '../support/handler-client';

let env: TestEnv;
afterEach(async () => env?.cleanup());

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const call = async (openid: string, action: string, input: unknown = {}): Promise<ApiResult<Any>> => (await identity({ action, input }, as(openid))) as ApiResult<Any>;
const msg = async (openid: string, action: string, input: unknown = {}): Promise<ApiResult<Any>> => (await messages({ action, input }, as(openid))) as ApiResult<Any>;
const STAFF = 'demo-community-staff';

/** Storage calls by method, counted around the real storage (every port method forwarded). */
function countingStorage(inner: Storage) {
  const calls: { method: string; collection?: string; limit?: number }[] = [];
  const storage: Storage = {
    get: (c, id) => (calls.push({ method: 'get', collection: c }), inner.get(c, id)),
    find: (c, q) => (calls.push({ method: 'find', collection: c, limit: q?.limit }), inner.find(c, q)),
    count: (c, w) => (calls.push({ method: 'count', collection: c }), inner.count(c, w)),
    page: (c, q) => (calls.push({ method: 'page', collection: c, limit: q.limit }), inner.page(c, q)),
    getMany: (c, ids) => (calls.push({ method: 'getMany', collection: c }), inner.getMany(c, ids)),
    aggregate: (c, q) => (calls.push({ method: 'aggregate', collection: c }), inner.aggregate(c, q)),
    transaction: (work) => (calls.push({ method: 'transaction' }), inner.transaction(work)),
    close: () => inner.close(),
  };
  return { storage, calls };
}

/**
 * 130 extra members: roles rotate; every third has units in building "T" (three units each, so the links of
 * one account straddle a 50-link page), some share a unit (co-owners), a few have no unit.
 */
async function addMembers(storage: Storage) {
  const roleSets: Role[][] = [['owner'], ['owner', 'party_member'], ['resident'], ['owner', 'grid_worker'], ['owner']];
  const writes: { c: string; id: string; data: Record<string, unknown> }[] = [];
  for (let i = 0; i < 130; i++) {
    const openid = `x-${String(i).padStart(3, '0')}`;
    const roles = roleSets[i % roleSets.length];
    // join dates repeat in groups of 4, so ties are broken by id
    const since = new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 4) * 3_600_000).toISOString();
    writes.push({ c: MEMBERS, id: `hemu:${openid}`, data: { estateId: 'hemu', openid, accountKey: `k-${openid}`, roles, displayName: `成员${i}`, since, history: [] } });
    if (i % 10 === 9) continue; // no unit
    const rooms = i % 3 === 0 ? [1, 2, 3].map((n) => `T-1-${i}0${n}`) : [`1-9-${Math.floor(i / 2)}`]; // i, i+1 share "1-9-…" when paired
    for (const room of rooms) {
      const unitId = `hemu:${room}`;
      writes.push({ c: UNIT_LINKS, id: `${unitId}:${openid}`, data: { estateId: 'hemu', unitId, openid, accountKey: `k-${openid}`, active: true, method: 'roster_match', personKey: null, since } });
    }
  }
  // a revoked link never shows
  writes.push({ c: UNIT_LINKS, id: 'hemu:T-1-0001:x-001', data: { estateId: 'hemu', unitId: 'hemu:T-1-0001', openid: 'x-001', accountKey: 'k-x-001', active: false, method: 'roster_match', personKey: null, since: 'x' } });
  const unitIds = [...new Set(writes.filter((w) => w.c === UNIT_LINKS).map((w) => w.data.unitId as string))];
  for (const unitId of unitIds) {
    const [building, entrance, room] = unitId.slice('hemu:'.length).split('-');
    writes.push({ c: UNITS, id: unitId, data: { estateId: 'hemu', building, entrance, room, label: `${building}号楼${entrance}单元${room}`, areaCenti: 9000, ownerKeys: [], developerHeld: false } });
  }
  writes.push({ c: REPRESENTATIVES, id: 'hemu:T-1-001', data: { estateId: 'hemu', unitId: 'hemu:T-1-001', openid: 'x-000', method: 'sole_owner', since: 'x' } });
  for (let i = 0; i < writes.length; i += 400) {
    await storage.transaction(async (tx) => {
      for (const w of writes.slice(i, i + 400)) await tx.create(w.c, w.id, w.data);
    });
  }
}

/** What the whole list must be, read straight from storage (unbounded reads are fine in a test oracle). */
async function expectedMembers(storage: Storage, keep: (m: MemberDoc, units: string[]) => boolean): Promise<MemberView[]> {
  const members = await storage.find<MemberDoc>(MEMBERS, { where: { estateId: 'hemu' }, orderBy: { field: 'since' } });
  const links = await storage.find<UnitLinkDoc>(UNIT_LINKS, { where: { estateId: 'hemu', active: true } });
  const out: MemberView[] = [];
  for (const m of members) {
    const mine = links.filter((l) => l.data.openid === m.data.openid);
    if (!keep(m.data, mine.map((l) => l.data.unitId))) continue;
    const units = [];
    for (const l of mine) {
      const unit = await storage.get<{ label: string }>(UNITS, l.data.unitId);
      const rep = await storage.get<{ openid: string | null }>(REPRESENTATIVES, l.data.unitId);
      units.push({
        unitId: l.data.unitId,
        label: unit?.data.label ?? l.data.unitId,
        isRepresentative: rep?.data.openid === m.data.openid,
        method: l.data.method,
        ownerCount: links.filter((o) => o.data.unitId === l.data.unitId).length,
      });
    }
    out.push({ memberKey: m.data.accountKey, displayName: m.data.displayName, roles: m.data.roles, units });
  }
  return out;
}

/** Every page of a filtered list, with the storage calls each page made. */
async function walk(input: Record<string, unknown>, counted?: ReturnType<typeof countingStorage>) {
  const pages: { out: ListMembersOutput; calls: number }[] = [];
  let cursor: string | null = null;
  do {
    const before = counted?.calls.length ?? 0;
    const out: ListMembersOutput = ok(await call(STAFF, 'listMembers', { estateId: 'hemu', ...input, ...(cursor ? { cursor } : {}) }));
    pages.push({ out, calls: (counted?.calls.length ?? 0) - before });
    cursor = out.next;
    if (cursor) expect(cursor.length).toBeLessThanOrEqual(MESSAGES_CURSOR_MAX);
  } while (cursor && pages.length < 50);
  return pages;
}

const byKey = (list: MemberView[]) => [...list].sort((a, b) => (a.memberKey < b.memberKey ? -1 : 1)).map((m) => ({ ...m, units: [...m.units].sort((a, b) => (a.unitId < b.unitId ? -1 : 1)) }));

describe('listMembers in pages', () => {
  beforeEach(async () => {
    env = await freshEnv({ seed: true });
    await addMembers(env.storage);
  });

  it('walks every member once, in join order, in pages of at most MEMBERS_PAGE_SIZE, with a bounded number of reads per page', async () => {
    const counted = countingStorage(env.ports.storage);
    env.ports.storage = counted.storage; // the runtime ports are this same object
    const pages = await walk({}, counted);
    env.ports.storage = env.storage;
    const all = pages.flatMap((p) => p.out.members);
    const expected = await expectedMembers(env.storage, () => true);
    expect(expected.length).toBeGreaterThan(120);
    expect(pages.length).toBe(Math.ceil(expected.length / MEMBERS_PAGE_SIZE));
    expect(pages.every((p) => p.out.members.length <= MEMBERS_PAGE_SIZE)).toBe(true);
    expect(new Set(all.map((m) => m.memberKey)).size).toBe(all.length); // no repeat
    expect(all.map((m) => m.memberKey)).toEqual(expected.map((m) => m.memberKey)); // no skip, same order (since, then id)
    expect(byKey(all)).toEqual(byKey(expected)); // the same views
    expect(pages.at(-1)!.out.next).toBeNull();
    expect(pages[0].out.buildings).toEqual(['1', '2', '3']);
    // co-owners on different pages still know about each other
    for (const key of ['k-x-004', 'k-x-005']) expect(all.find((m) => m.memberKey === key)!.units).toEqual([expect.objectContaining({ unitId: 'hemu:1-9-2', ownerCount: 2 })]);
    expect(all.find((m) => m.memberKey === 'k-x-000')!.units.find((u) => u.unitId === 'hemu:T-1-001')).toMatchObject({ isRepresentative: true, ownerCount: 1 });
    // the same small number of storage calls per page, whatever the page holds; no query reads the whole estate
    const perPage = pages.map((p) => p.calls);
    expect(Math.max(...perPage)).toBeLessThanOrEqual(8);
    expect(Math.max(...perPage) - Math.min(...perPage)).toBeLessThanOrEqual(1);
    expect(counted.calls.filter((c) => c.method === 'find' && c.collection === MEMBERS)).toEqual([]);
    expect(counted.calls.filter((c) => c.method === 'page').every((c) => c.limit === MEMBERS_PAGE_SIZE)).toBe(true);
  });

  it('filters by role across pages', async () => {
    for (const role of ['resident', 'party_member', 'owner'] as const) {
      const all = (await walk({ role })).flatMap((p) => p.out.members);
      const expected = await expectedMembers(env.storage, (m) => m.roles.includes(role));
      expect(all.map((m) => m.memberKey)).toEqual(expected.map((m) => m.memberKey));
      expect(byKey(all)).toEqual(byKey(expected));
    }
  });

  it('filters by building: each member once even when their links straddle a page, with all their units', async () => {
    const pages = await walk({ building: 'T' });
    expect(pages.length).toBeGreaterThan(1);
    const all = pages.flatMap((p) => p.out.members);
    expect(new Set(all.map((m) => m.memberKey)).size).toBe(all.length);
    const expected = await expectedMembers(env.storage, (_, units) => units.some((u) => u.startsWith('hemu:T-')));
    expect(expected.length).toBe([...Array(130).keys()].filter((i) => i % 3 === 0 && i % 10 !== 9).length);
    expect(byKey(all)).toEqual(byKey(expected));
    // "t" is normalised like any building ("T"); building 1 does not catch building "10"-style prefixes of others
    expect(byKey((await walk({ building: 't' })).flatMap((p) => p.out.members))).toEqual(byKey(expected));
    const b1 = (await walk({ building: '1' })).flatMap((p) => p.out.members);
    expect(byKey(b1)).toEqual(byKey(await expectedMembers(env.storage, (_, units) => units.some((u) => u.startsWith('hemu:1-')))));
    // building and role together
    const both = (await walk({ building: 'T', role: 'party_member' })).flatMap((p) => p.out.members);
    expect(byKey(both)).toEqual(byKey(expected.filter((m) => m.roles.includes('party_member'))));
    expect(both.length).toBeGreaterThan(0);
  });

  it('refuses a forged, foreign or oversized cursor with a field error', async () => {
    const refused = { ok: false, error: { code: 'VALIDATION_FAILED', fields: [{ field: 'cursor', code: 'FIELD_INVALID' }] } };
    expect(await call(STAFF, 'listMembers', { estateId: 'hemu', cursor: 'bogus' })).toMatchObject(refused);
    expect(await call(STAFF, 'listMembers', { estateId: 'hemu', cursor: 'not/base64url' })).toMatchObject(refused);
    expect(await call(STAFF, 'listMembers', { estateId: 'hemu', cursor: 'A'.repeat(MESSAGES_CURSOR_MAX + 1) })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', fields: [{ field: 'cursor', code: 'FIELD_TOO_LONG' }] },
    });
    // a well-formed cursor for another order, and a cursor of the unfiltered list used with a building filter
    const other = encodeCursor({ field: 'since', direction: 'desc', value: '2026-01-01T00:00:00.000Z', id: 'hemu:x-000' });
    expect(await call(STAFF, 'listMembers', { estateId: 'hemu', cursor: other })).toMatchObject(refused);
    const { next } = ok(await call(STAFF, 'listMembers', { estateId: 'hemu' }));
    expect(await call(STAFF, 'listMembers', { estateId: 'hemu', building: 'T', cursor: next })).toMatchObject(refused);
    const tNext = ok(await call(STAFF, 'listMembers', { estateId: 'hemu', building: 'T' })).next;
    expect(await call(STAFF, 'listMembers', { estateId: 'hemu', cursor: tNext })).toMatchObject(refused);
    expect(await call(STAFF, 'listMembers', { estateId: 'hemu', role: 'owner!' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', fields: [{ field: 'role' }] } });
  });
});

/** `count` unread messages for demo-owner, written in chunks. */
async function unreadMessages(storage: Storage, count: number) {
  for (let i = 0; i < count; i += 500) {
    await storage.transaction(async (tx) => {
      for (let j = i; j < Math.min(count, i + 500); j++) {
        const id = `bulk-${String(j).padStart(5, '0')}`;
        await tx.create<MessageDoc>(MESSAGES, id, {
          recipient: 'demo-owner', estateId: 'hemu', kind: 'verification_approved', params: { unit: `U${j}` }, staff: false, createdAt: '2026-11-01T00:00:00.000Z', read: false, readAt: null,
        });
      }
    });
  }
}

describe('markRead all, in chunks', () => {
  beforeEach(async () => {
    env = await freshEnv({ seed: true });
  });

  it('pages through the unread messages (never all at once) and is idempotent', async () => {
    await unreadMessages(env.storage, 2 * MARK_READ_CHUNK + 30);
    const counted = countingStorage(env.ports.storage);
    env.ports.storage = counted.storage;
    expect(ok(await msg('demo-owner', 'markRead', {}))).toEqual({ unread: 0, staff: 0 });
    const messageReads = counted.calls.filter((c) => c.collection === MESSAGES && (c.method === 'find' || c.method === 'page'));
    expect(messageReads.length).toBeGreaterThanOrEqual(3);
    expect(messageReads.every((c) => c.method === 'page' && c.limit === MARK_READ_CHUNK)).toBe(true);
    expect(counted.calls.filter((c) => c.method === 'transaction').length).toBe(3);
    // again: nothing left to mark, no transaction
    const before = counted.calls.length;
    expect(ok(await msg('demo-owner', 'markRead', {}))).toEqual({ unread: 0, staff: 0 });
    expect(counted.calls.slice(before).filter((c) => c.method === 'transaction')).toEqual([]);
    expect(await env.storage.count(MESSAGES, { recipient: 'demo-owner', read: false })).toBe(0);
  });

  onEngine('cloudbase', it)('marks 2,500 unread messages with no transaction over the write limit', async () => {
    await unreadMessages(env.storage, 2500);
    const server = env.cloudbase!.server;
    const from = server.committedTransactionWrites.length;
    expect(ok(await msg('demo-owner', 'markRead', {}))).toEqual({ unread: 0, staff: 0 });
    const sizes = server.committedTransactionWrites.slice(from);
    expect(sizes.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(2500);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(TRANSACTION_WRITE_LIMIT);
    expect(await env.storage.count(MESSAGES, { recipient: 'demo-owner', read: false })).toBe(0);
    const sample = await env.storage.get<MessageDoc>(MESSAGES, 'bulk-02499');
    expect(sample!.data).toMatchObject({ read: true, readAt: expect.any(String) });
  }, 120_000);
});
