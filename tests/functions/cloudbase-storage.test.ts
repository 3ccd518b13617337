import type { Db } from '@cloudbase/database';
import { CloudbaseStorage, type CloudbaseDatabase } from '../../server/adapters/cloudbase/storage';
import { DuplicateKeyError, VersionConflictError, TRANSACTION_ATTEMPTS } from '../../server/ports';
import { decoded, EJSON, FakeCloudbaseServer, fakeCloudbaseDb, transactionConflictError, type WireRequest } from '../support/cloudbase-fake';
import { storageContract } from '../support/storage-contract';

// node-sdk's `app.database()` returns a @cloudbase/database Db: it must fit the adapter's transport interface.
// (a compile-time check; `npm run typecheck` fails if the SDK's shape drifts away from what the adapter calls)
type Fits<T extends CloudbaseDatabase> = T;
export type DbFitsTransport = Fits<Pick<Db, 'collection' | 'command'> & { runTransaction: CloudbaseDatabase['runTransaction'] }>;

/** The same behaviour as PGlite, over the real SDK query builder and a server that enforces _id uniqueness and transactions. */
storageContract('CloudBase (node-sdk database over an in-process fake server)', async () => {
  const { db, server } = fakeCloudbaseDb();
  return {
    storage: new CloudbaseStorage(db),
    async cleanup() {
      expect(server.openTransactions()).toBe(0); // every transaction was committed or rolled back
    },
  };
});

describe('CloudBase adapter: the exact requests it sends', () => {
  let server: FakeCloudbaseServer;
  let storage: CloudbaseStorage;
  const wire = () => server.requests.map((r: WireRequest) => decoded(r));

  beforeEach(() => {
    const fake = fakeCloudbaseDb();
    server = fake.server;
    storage = new CloudbaseStorage(fake.db);
  });

  it('get: one getDocument by _id, outside any transaction; maps _id/version back', async () => {
    server.seed('units', [{ _id: 'u1', version: 3, estateId: 'e1', areaCenti: 8952 }]);
    expect(await storage.get('units', 'u1')).toEqual({ id: 'u1', version: 3, data: { estateId: 'e1', areaCenti: 8952 } });
    expect(await storage.get('units', 'nope')).toBeNull();
    expect(server.requests).toEqual([
      { action: 'database.getDocument', params: { collectionName: 'units', query: '{"_id":"u1"}', queryType: 'DOC', multi: false } },
      { action: 'database.getDocument', params: { collectionName: 'units', query: '{"_id":"nope"}', queryType: 'DOC', multi: false } },
    ]);
  });

  it('create: insertDocument with _id = our id and version 1 inside a transaction, then commit', async () => {
    const created = await storage.transaction((tx) => tx.create('units', 'e1:1-1-101', { estateId: 'e1', areaCenti: 8952, ownerKeys: ['k1'] }));
    expect(created).toEqual({ id: 'e1:1-1-101', version: 1, data: { estateId: 'e1', areaCenti: 8952, ownerKeys: ['k1'] } });
    expect(server.requests).toEqual([
      { action: 'database.startTransaction', params: undefined },
      {
        action: 'database.insertDocument',
        params: {
          collectionName: 'units',
          data: ['{"_id":"e1:1-1-101","version":{"$numberInt":"1"},"estateId":"e1","areaCenti":{"$numberInt":"8952"},"ownerKeys":["k1"]}'],
          transactionId: 'tx-1',
        },
      },
      { action: 'database.commitTransaction', params: { transactionId: 'tx-1' } },
    ]);
    expect(server.documents('units')).toEqual([{ _id: 'e1:1-1-101', version: 1, estateId: 'e1', areaCenti: 8952, ownerKeys: ['k1'] }]);
  });

  it('duplicate create: the E11000 answer becomes DuplicateKeyError, the transaction is rolled back, not retried', async () => {
    server.seed('ballots', [{ _id: 'item1:unit1', version: 1, choice: 'yes' }]);
    const err = await storage.transaction((tx) => tx.create('ballots', 'item1:unit1', { choice: 'no' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DuplicateKeyError);
    expect(err).toMatchObject({ collection: 'ballots', id: 'item1:unit1' });
    expect(wire().map((r) => r.action)).toEqual(['database.startTransaction', 'database.insertDocument', 'database.abortTransaction']);
    expect(server.requests[2].params).toEqual({ transactionId: 'tx-1' });
    expect(server.documents('ballots')).toEqual([{ _id: 'item1:unit1', version: 1, choice: 'yes' }]);
  });

  it('update: reads the version inside the transaction, then replaces the document with version + 1 (set, not merge)', async () => {
    server.seed('members', [{ _id: 'm', version: 2, roles: ['owner'], note: 'dropped on replace' }]);
    const updated = await storage.transaction((tx) => tx.update('members', 'm', 2, { roles: ['owner', 'party_member'] }));
    expect(updated).toEqual({ id: 'm', version: 3, data: { roles: ['owner', 'party_member'] } });
    expect(server.requests).toEqual([
      { action: 'database.startTransaction', params: undefined },
      { action: 'database.getDocument', params: { collectionName: 'members', query: '{"_id":"m"}', transactionId: 'tx-1', queryType: 'DOC', multi: false } },
      {
        action: 'database.modifyDocument',
        params: {
          collectionName: 'members',
          queryType: 'DOC',
          data: '{"version":{"$numberInt":"3"},"roles":["owner","party_member"]}',
          transactionId: 'tx-1',
          multi: false,
          merge: false,
          upsert: true,
          query: '{"_id":"m"}',
        },
      },
      { action: 'database.commitTransaction', params: { transactionId: 'tx-1' } },
    ]);
    expect(server.documents('members')).toEqual([{ _id: 'm', version: 3, roles: ['owner', 'party_member'] }]);
  });

  it('update after a get in the same transaction reuses the version it read (no second read)', async () => {
    server.seed('counters', [{ _id: 'c', version: 1, n: 0 }]);
    await storage.transaction(async (tx) => {
      const doc = await tx.get<{ n: number }>('counters', 'c');
      await tx.update('counters', 'c', doc!.version, { n: doc!.data.n + 1 });
    });
    expect(wire().map((r) => r.action)).toEqual([
      'database.startTransaction',
      'database.getDocument',
      'database.modifyDocument',
      'database.commitTransaction',
    ]);
  });

  it('version conflict: a stale expectedVersion sends no write, raises VersionConflictError after every attempt', async () => {
    server.seed('members', [{ _id: 'm', version: 2, roles: [] }]);
    const err = await storage.transaction((tx) => tx.update('members', 'm', 1, { roles: ['x'] })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VersionConflictError);
    const attempt = ['database.startTransaction', 'database.getDocument', 'database.abortTransaction'];
    expect(wire().map((r) => r.action)).toEqual(Array.from({ length: TRANSACTION_ATTEMPTS }, () => attempt).flat());
    expect(server.documents('members')).toEqual([{ _id: 'm', version: 2, roles: [] }]);
  });

  it('an update of a missing document is a version conflict too', async () => {
    await expect(storage.transaction((tx) => tx.update('members', 'ghost', 1, { roles: [] }))).rejects.toBeInstanceOf(VersionConflictError);
    expect(server.documents('members')).toEqual([]);
  });

  it('transaction conflict at commit: DATABASE_TRANSACTION_CONFLICT is rolled back and the body rerun by our retry policy', async () => {
    server.seed('counters', [{ _id: 'c', version: 1, n: 0 }]);
    server.failNext('database.commitTransaction', transactionConflictError());
    let attempts = 0;
    await storage.transaction(async (tx) => {
      attempts++;
      const doc = await tx.get<{ n: number }>('counters', 'c');
      await tx.update('counters', 'c', doc!.version, { n: doc!.data.n + 1 });
    });
    expect(attempts).toBe(2);
    expect(wire().map((r) => r.action)).toEqual([
      'database.startTransaction',
      'database.getDocument',
      'database.modifyDocument',
      'database.commitTransaction', // answered DATABASE_TRANSACTION_CONFLICT
      'database.abortTransaction',
      'database.startTransaction', // SDK's own retries are off (times = 0): this is retryOnConflict
      'database.getDocument',
      'database.modifyDocument',
      'database.commitTransaction',
    ]);
    expect(server.documents('counters')).toEqual([{ _id: 'c', version: 2, n: 1 }]);
  });

  it('transaction conflict on a write inside the body: mapped to VersionConflictError and retried', async () => {
    server.failNext('database.insertDocument', transactionConflictError());
    await storage.transaction((tx) => tx.create('topics', 't1', { a: 1 }));
    expect(wire().map((r) => r.action)).toEqual([
      'database.startTransaction',
      'database.insertDocument',
      'database.abortTransaction',
      'database.startTransaction',
      'database.insertDocument',
      'database.commitTransaction',
    ]);
    expect(server.documents('topics')).toEqual([{ _id: 't1', version: 1, a: 1 }]);
  });

  it('two concurrent read-modify-write transactions on one document both land, one after a retry', async () => {
    server.seed('counters', [{ _id: 'c', version: 1, n: 0 }]);
    const bump = () =>
      storage.transaction(async (tx) => {
        const doc = await tx.get<{ n: number }>('counters', 'c');
        await tx.update('counters', 'c', doc!.version, { n: doc!.data.n + 1 });
      });
    await Promise.all([bump(), bump()]);
    expect(server.documents('counters')).toEqual([{ _id: 'c', version: 3, n: 2 }]);
    expect(server.openTransactions()).toBe(0);
  });

  it('other errors pass through unchanged and are not retried', async () => {
    server.failNext('database.insertDocument', { code: 'DATABASE_PERMISSION_DENIED', message: 'permission denied' });
    await expect(storage.transaction((tx) => tx.create('topics', 't1', { a: 1 }))).rejects.toMatchObject({ code: 'DATABASE_PERMISSION_DENIED' });
    expect(wire().map((r) => r.action)).toEqual(['database.startTransaction', 'database.insertDocument', 'database.abortTransaction']);
  });

  it('find: equality and one-of (_.in) filters, one sort key with _id as tie-break, limit', async () => {
    server.seed('units', [
      { _id: 'u1', version: 1, estateId: 'e1', building: '2', areaCenti: 1000 },
      { _id: 'u2', version: 1, estateId: 'e1', building: '1', areaCenti: 2000 },
      { _id: 'u3', version: 1, estateId: 'e1', building: '3', areaCenti: 2000 },
      { _id: 'u4', version: 1, estateId: 'e2', building: '1', areaCenti: 4000 },
    ]);
    const docs = await storage.find('units', { where: { estateId: 'e1', building: ['1', '3'] }, orderBy: { field: 'areaCenti', direction: 'desc' }, limit: 10 });
    expect(docs.map((d) => d.id)).toEqual(['u3', 'u2']);
    expect(server.requests).toEqual([
      {
        action: 'database.getDocument',
        params: {
          collectionName: 'units',
          queryType: 'WHERE',
          query: '{"estateId":"e1","building":{"$in":["1","3"]}}',
          order: '{"areaCenti":{"$numberInt":"-1"},"_id":{"$numberInt":"-1"}}',
          limit: 10,
        },
      },
    ]);
  });

  it('find without orderBy sorts by _id ascending; booleans and null filter by equality', async () => {
    server.seed('units', [
      { _id: 'b', version: 1, developerHeld: true, note: null },
      { _id: 'a', version: 1, developerHeld: true, note: null },
      { _id: 'c', version: 1, developerHeld: false, note: null },
    ]);
    expect((await storage.find('units', { where: { developerHeld: true, note: null } })).map((d) => d.id)).toEqual(['a', 'b']);
    expect(decoded(server.requests[0])).toEqual({
      action: 'database.getDocument',
      params: { collectionName: 'units', queryType: 'WHERE', query: { developerHeld: true, note: null }, order: { _id: 1 }, limit: 1000 },
    });
  });

  it('find pages past the 1000-document cap with skip/limit until the results run out', async () => {
    server.seed(
      'owners',
      Array.from({ length: 2345 }, (_, i) => ({ _id: `o${String(i).padStart(5, '0')}`, version: 1, estateId: 'e1', n: i })),
    );
    const all = await storage.find<{ n: number }>('owners', { where: { estateId: 'e1' }, orderBy: { field: 'n' } });
    expect(all).toHaveLength(2345);
    expect(all.map((d) => d.data.n)).toEqual(Array.from({ length: 2345 }, (_, i) => i));
    expect(server.requests.map((r) => [r.params?.offset, r.params?.limit])).toEqual([
      [undefined, 1000],
      [1000, 1000],
      [2000, 1000], // 345 come back: a short page ends the scan
    ]);
    for (const r of server.requests) {
      expect(decoded(r).params).toMatchObject({ query: { estateId: 'e1' }, order: { n: 1, _id: 1 } });
    }
  });

  it('find with a limit above 1000 asks for exactly what is still missing', async () => {
    server.seed('owners', Array.from({ length: 3000 }, (_, i) => ({ _id: `o${String(i).padStart(5, '0')}`, version: 1 })));
    const docs = await storage.find('owners', { limit: 2500 });
    expect(docs).toHaveLength(2500);
    expect(docs[2499].id).toBe('o02499');
    expect(server.requests.map((r) => [r.params?.offset, r.params?.limit])).toEqual([
      [undefined, 1000],
      [1000, 1000],
      [2000, 500],
    ]);
  });

  it('an exact multiple of the page size costs one more (empty) page to see the end', async () => {
    server.seed('owners', Array.from({ length: 2000 }, (_, i) => ({ _id: `o${String(i).padStart(5, '0')}`, version: 1 })));
    expect(await storage.find('owners')).toHaveLength(2000);
    expect(server.requests.map((r) => r.params?.offset)).toEqual([undefined, 1000, 2000]);
  });

  it('an empty one-of or a zero limit sends nothing', async () => {
    expect(await storage.find('units', { where: { building: [] } })).toEqual([]);
    expect(await storage.find('units', { limit: 0 })).toEqual([]);
    expect(await storage.count('units', { building: [] })).toBe(0);
    expect(server.requests).toEqual([]);
  });

  it('count: one calculateDocument with the same filter', async () => {
    server.seed('units', [
      { _id: 'u1', version: 1, estateId: 'e1' },
      { _id: 'u2', version: 1, estateId: 'e2' },
    ]);
    expect(await storage.count('units', { estateId: ['e1', 'e2'] })).toBe(2);
    expect(await storage.count('units')).toBe(2);
    expect(server.requests).toEqual([
      { action: 'database.calculateDocument', params: { collectionName: 'units', queryType: 'WHERE', query: '{"estateId":{"$in":["e1","e2"]}}' } },
      { action: 'database.calculateDocument', params: { collectionName: 'units', queryType: 'WHERE', query: '{}' } },
    ]);
  });

  it('ranges: one command chain per field (node-sdk folds two bounds into $and), type-bracketed by the server', async () => {
    server.seed('units', [
      { _id: 'u1', version: 1, area: 5, at: '2026-01-02' },
      { _id: 'u2', version: 1, area: '7', at: '2026-01-03' },
      { _id: 'u3', version: 1, area: 9, at: '2026-02-01' },
    ]);
    const docs = await storage.find('units', { where: { area: { gte: 5, lt: 10 }, at: { lt: '2026-02' } }, limit: 10 });
    expect(docs.map((d) => d.id)).toEqual(['u1']);
    expect(decoded(server.requests[0]).params?.query).toEqual({
      $and: [{ area: { $gte: 5 } }, { area: { $lt: 10 } }],
      at: { $lt: '2026-02' },
    });
    server.clearRequests();
    expect(await storage.count('units', { area: { gt: 5 } })).toBe(1);
    expect(server.requests[0].params?.query).toBe('{"area":{"$gt":{"$numberInt":"5"}}}');
  });

  it('page: keyset conditions after the cursor, sort field then _id in one direction, one extra document to see the end', async () => {
    server.seed('units', [
      { _id: 'a', version: 1, estateId: 'e1', n: 1 },
      { _id: 'b', version: 1, estateId: 'e1', n: 1 },
      { _id: 'c', version: 1, estateId: 'e1', n: 2 },
      { _id: 'd', version: 1, estateId: 'e1' },
      { _id: 'e', version: 1, estateId: 'e2', n: 0 },
    ]);
    const first = await storage.page('units', { where: { estateId: 'e1' }, orderBy: { field: 'n' }, limit: 1 });
    expect(first.docs.map((d) => d.id)).toEqual(['d']);
    const second = await storage.page('units', { where: { estateId: 'e1' }, orderBy: { field: 'n' }, limit: 3, after: first.next });
    expect(second.docs.map((d) => d.id)).toEqual(['a', 'b', 'c']);
    expect(second.next).toBeNull();
    const third = await storage.page('units', { orderBy: { field: 'n', direction: 'desc' }, limit: 4 });
    expect(third.docs.map((d) => d.id)).toEqual(['c', 'b', 'a', 'e']);
    await storage.page('units', { orderBy: { field: 'n', direction: 'desc' }, limit: 4, after: third.next });
    await storage.page('units', { limit: 1, after: (await storage.page('units', { limit: 1 })).next });
    expect(wire().map((r) => r.params)).toEqual([
      { collectionName: 'units', queryType: 'WHERE', query: { estateId: 'e1' }, order: { n: 1, _id: 1 }, limit: 2 },
      {
        collectionName: 'units',
        queryType: 'WHERE',
        // the last document of page one had n = null (missing): the rest of the nulls by id, then every non-null value
        query: { $and: [{ estateId: 'e1' }, { $or: [{ n: null, _id: { $gt: 'd' } }, { n: { $ne: null } }] }] },
        order: { n: 1, _id: 1 },
        limit: 4,
      },
      { collectionName: 'units', queryType: 'WHERE', query: {}, order: { n: -1, _id: -1 }, limit: 5 },
      {
        collectionName: 'units',
        queryType: 'WHERE',
        query: { $or: [{ n: { $lt: 0 } }, { n: 0, _id: { $lt: 'e' } }, { n: null }] },
        order: { n: -1, _id: -1 },
        limit: 5,
      },
      { collectionName: 'units', queryType: 'WHERE', query: {}, order: { _id: 1 }, limit: 2 },
      { collectionName: 'units', queryType: 'WHERE', query: { _id: { $gt: 'a' } }, order: { _id: 1 }, limit: 2 },
    ]);
  });

  it('page: a page above 1000 documents is read in keyset steps of at most 1000', async () => {
    server.seed('owners', Array.from({ length: 2600 }, (_, i) => ({ _id: `o${String(i).padStart(5, '0')}`, version: 1, n: i % 10 })));
    const first = await storage.page<{ n: number }>('owners', { orderBy: { field: 'n' }, limit: 2500 });
    expect(first.docs).toHaveLength(2500);
    const rest = await storage.page('owners', { orderBy: { field: 'n' }, limit: 2500, after: first.next });
    expect(rest.docs).toHaveLength(100);
    expect(rest.next).toBeNull();
    expect(new Set([...first.docs, ...rest.docs].map((d) => d.id)).size).toBe(2600);
    expect(server.requests.map((r) => [r.params?.offset, r.params?.limit])).toEqual([
      [undefined, 1000],
      [undefined, 1000],
      [undefined, 501],
      [undefined, 1000],
    ]);
    // the second step starts strictly after the 1000th document (260 each of n = 0, 1, 2, then the 220th n = 3,
    // which is i = 2193): a keyset, never a skip
    expect(decoded(server.requests[1]).params?.query).toEqual({ $or: [{ n: { $gt: 3 } }, { n: 3, _id: { $gt: 'o02193' } }] });
  });

  it('getMany: _id in [...] in chunks of 1000 ids, each asking for as many documents as ids', async () => {
    server.seed('units', Array.from({ length: 1200 }, (_, i) => ({ _id: `u${String(i).padStart(4, '0')}`, version: 1, n: i })));
    const asked = Array.from({ length: 2100 }, (_, i) => `u${String(2099 - i).padStart(4, '0')}`);
    const got = await storage.getMany<{ n: number }>('units', [...asked, 'u0001']);
    expect(got.map((d) => d?.data.n ?? null)).toEqual([...asked.map((id) => (Number(id.slice(1)) < 1200 ? Number(id.slice(1)) : null)), 1]);
    expect(server.requests.map((r) => r.action)).toEqual(['database.getDocument', 'database.getDocument', 'database.getDocument']);
    expect(wire().map((r) => [(r.params?.query as { _id: { $in: string[] } })._id.$in.length, r.params?.limit])).toEqual([
      [1000, 1000],
      [1000, 1000],
      [100, 100],
    ]);
    server.clearRequests();
    expect(await storage.getMany('units', [])).toEqual([]);
    expect(server.requests).toEqual([]);
  });

  it('aggregate: one aggregateDocuments pipeline ($match, $group with $ifNull keys, a second $group for distinct, $sort, $limit)', async () => {
    server.seed('ballots', [
      { _id: 'b1', version: 1, voteId: 'v1', itemId: 'i1', choice: 'yes', areaCenti: 100, personKey: 'p1' },
      { _id: 'b2', version: 1, voteId: 'v1', itemId: 'i1', choice: 'yes', areaCenti: 250, personKey: 'p1' },
      { _id: 'b3', version: 1, voteId: 'v1', itemId: 'i1', areaCenti: 50, personKey: 'p2' },
      { _id: 'b4', version: 1, voteId: 'v1', itemId: 'i1', choice: null, areaCenti: '70', personKey: null },
      { _id: 'b5', version: 1, voteId: 'v2', itemId: 'i1', choice: 'yes', areaCenti: 999, personKey: 'p3' },
    ]);
    const rows = await storage.aggregate('ballots', { where: { voteId: 'v1' }, groupBy: ['itemId', 'choice'], count: true, sum: ['areaCenti'], distinct: 'personKey' });
    expect(rows).toEqual([
      { group: { itemId: 'i1', choice: null }, count: 2, sums: { areaCenti: 50 }, distinct: 1 },
      { group: { itemId: 'i1', choice: 'yes' }, count: 2, sums: { areaCenti: 350 }, distinct: 1 },
    ]);
    expect(server.requests).toHaveLength(1);
    const { action, params } = server.requests[0];
    expect(action).toBe('database.aggregateDocuments');
    expect(params?.collectionName).toBe('ballots');
    expect(params?.transactionId).toBeUndefined();
    const stages = (params?.stages as { stageKey: string; stageValue: string }[]).map((st) => ({ [st.stageKey]: EJSON.parse(st.stageValue) }));
    expect(stages).toEqual([
      { $match: { voteId: 'v1' } },
      {
        $group: {
          _id: { g0: { $ifNull: ['$itemId', null] }, g1: { $ifNull: ['$choice', null] }, d: { $ifNull: ['$personKey', null] } },
          count: { $sum: 1 },
          s0: { $sum: '$areaCenti' },
        },
      },
      {
        $group: {
          _id: { g0: '$_id.g0', g1: '$_id.g1' },
          count: { $sum: '$count' },
          d: { $sum: { $cond: [{ $eq: ['$_id.d', null] }, 0, 1] } },
          s0: { $sum: '$s0' },
        },
      },
      { $sort: { '_id.g0': 1, '_id.g1': 1 } },
      { $limit: 1000 },
    ]);
    server.clearRequests();
    // no group fields, no filter: a single $group on null
    expect(await storage.aggregate('ballots', { sum: ['areaCenti'] })).toEqual([{ group: {}, count: 5, sums: { areaCenti: 1399 } }]);
    expect((server.requests[0].params?.stages as { stageKey: string; stageValue: string }[]).map((st) => ({ [st.stageKey]: EJSON.parse(st.stageValue) }))).toEqual([
      { $group: { _id: null, count: { $sum: 1 }, s0: { $sum: '$areaCenti' } } },
      { $limit: 1000 },
    ]);
  });

  it('the stand-in answers an aggregation without $limit with 20 rows, as CloudBase does (so the adapter always sends one)', async () => {
    server.seed('units', Array.from({ length: 30 }, (_, i) => ({ _id: `u${i}`, version: 1, k: i })));
    const { db } = fakeCloudbaseDb(server);
    const res = await db.collection('units').aggregate().group({ _id: '$k' }).end();
    expect(res.data).toHaveLength(20);
  });

  it('refuses reserved or unsafe field names before sending anything', async () => {
    await expect(storage.transaction((tx) => tx.create('units', 'u', { version: 5 }))).rejects.toThrow(/invalid field name: version/);
    await expect(storage.transaction((tx) => tx.create('units', 'u', { _openid: 'x' }))).rejects.toThrow(/invalid field name: _openid/);
    await expect(storage.find('units', { where: { version: 1 } })).rejects.toThrow(/invalid field/);
    await expect(storage.find('units', { orderBy: { field: '_id' } })).rejects.toThrow(/invalid field/);
    await expect(storage.count('units', { 'a.b': 1 })).rejects.toThrow(/invalid field/);
    expect(server.documents('units')).toEqual([]);
    // the two transactions started and were rolled back; no insert was sent
    expect(server.requests.some((r) => r.action === 'database.insertDocument')).toBe(false);
  });

  it('refuses to update an append-only collection (audit entries), as the PGlite trigger does', async () => {
    await storage.transaction((tx) => tx.create('audit_entries', 'e1:1', { seq: 1 }));
    server.clearRequests();
    await expect(storage.transaction((tx) => tx.update('audit_entries', 'e1:1', 1, { seq: 2 }))).rejects.toThrow(/append-only/);
    expect(wire().map((r) => r.action)).toEqual(['database.startTransaction', 'database.abortTransaction']);
    expect(server.documents('audit_entries')).toEqual([{ _id: 'e1:1', version: 1, seq: 1 }]);
  });

  it('ignores CloudBase system fields on read and treats a document without version as version 1', async () => {
    server.seed('estates', [{ _id: 'e1', _openid: 'console-user', name: '和睦家园' }]);
    expect(await storage.get('estates', 'e1')).toEqual({ id: 'e1', version: 1, data: { name: '和睦家园' } });
    await storage.transaction((tx) => tx.update('estates', 'e1', 1, { name: '和睦家园二期' }));
    expect(server.documents('estates')).toEqual([{ _id: 'e1', version: 2, name: '和睦家园二期' }]);
  });
});

describe('CloudBase adapter in compatibility mode (errors returned, not thrown)', () => {
  it('still maps a duplicate insert answered as a value ({ code, message }) to DuplicateKeyError', async () => {
    const server = new FakeCloudbaseServer();
    server.seed('topics', [{ _id: 't', version: 1 }]);
    const { db } = fakeCloudbaseDb(server);
    // node-sdk's setThrowOnCode(false): failures come back as values instead of TcbErrors
    const returning: CloudbaseDatabase = {
      command: db.command,
      collection: (n) => db.collection(n),
      runTransaction: (work, times) =>
        db.runTransaction(
          (t) =>
            work({
              collection: (n) => {
                const c = t.collection(n);
                return {
                  doc: (id: string) => c.doc(id),
                  add: (data: Record<string, unknown>) =>
                    c.add(data).catch((e: { code: string; message: string }) => ({ code: e.code, message: e.message }) as { id?: string }),
                };
              },
            }),
          times,
        ),
    };
    await expect(new CloudbaseStorage(returning).transaction((tx) => tx.create('topics', 't', {}))).rejects.toBeInstanceOf(DuplicateKeyError);
    expect(server.openTransactions()).toBe(0);
  });
});
