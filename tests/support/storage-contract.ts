import {
  compareScalars,
  DuplicateKeyError,
  InvalidCursorError,
  VersionConflictError,
  type AggregateRow,
  type DocData,
  type OrderBy,
  type Scalar,
  type Storage,
  type StoredDoc,
  type Where,
} from '../../server/ports';

/** Write documents in transactions of 200 (well under any per-transaction cap). */
async function put(storage: Storage, collection: string, docs: { id: string; data: DocData }[]): Promise<void> {
  for (let i = 0; i < docs.length; i += 200) {
    const chunk = docs.slice(i, i + 200);
    await storage.transaction(async (tx) => {
      for (const d of chunk) await tx.create(collection, d.id, d.data);
    });
  }
}

const ids = (docs: StoredDoc[]) => docs.map((d) => d.id);

/** The pinned order, computed here independently: value (null = missing first in asc, last in desc), then id. */
function expectedOrder(docs: { id: string; data: DocData }[], orderBy?: OrderBy): string[] {
  const desc = orderBy?.direction === 'desc';
  const value = (d: { data: DocData }) => (orderBy ? ((d.data[orderBy.field] ?? null) as Scalar) : null);
  return [...docs]
    .sort((a, b) => {
      const c = compareScalars(value(a), value(b)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
      return desc ? -c : c;
    })
    .map((d) => d.id);
}

/** Walk every page; returns the ids in order and the page sizes. */
async function walk(storage: Storage, collection: string, query: { where?: Where; orderBy?: OrderBy; limit: number }) {
  const seen: string[] = [];
  const sizes: number[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const page: Awaited<ReturnType<Storage['page']>> = await storage.page(collection, { ...query, after });
    seen.push(...ids(page.docs));
    sizes.push(page.docs.length);
    if (!page.next) return { seen, sizes };
    after = page.next;
  }
  throw new Error('page walk did not end');
}

/**
 * The behaviour every storage adapter must have. Run against PGlite here; the CloudBase adapter
 * gets the same semantics checked against the requests it sends.
 */
export function storageContract(name: string, open: () => Promise<{ storage: Storage; cleanup(): Promise<void> }>) {
  describe(`storage contract: ${name}`, () => {
    let storage: Storage;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ storage, cleanup } = await open());
    });
    afterEach(async () => cleanup());

    it('creates, reads back and versions a document', async () => {
      const created = await storage.transaction((tx) => tx.create('units', 'u1', { estateId: 'e1', areaCenti: 8952 }));
      expect(created).toEqual({ id: 'u1', version: 1, data: { estateId: 'e1', areaCenti: 8952 } });
      expect(await storage.get('units', 'u1')).toEqual(created);
      expect(await storage.get('units', 'missing')).toBeNull();
      const updated = await storage.transaction((tx) => tx.update('units', 'u1', 1, { estateId: 'e1', areaCenti: 9000 }));
      expect(updated.version).toBe(2);
      expect((await storage.get('units', 'u1'))?.data).toEqual({ estateId: 'e1', areaCenti: 9000 });
    });

    it('rejects a second create of the same id and rolls back the whole transaction', async () => {
      await storage.transaction((tx) => tx.create('topics', 'same', { n: 1 }));
      await expect(
        storage.transaction(async (tx) => {
          await tx.create('topics', 'other', { n: 2 });
          await tx.create('topics', 'same', { n: 3 });
        }),
      ).rejects.toBeInstanceOf(DuplicateKeyError);
      expect(await storage.get('topics', 'other')).toBeNull();
      expect((await storage.get('topics', 'same'))?.data).toEqual({ n: 1 });
    });

    it('lets the same id live in different collections', async () => {
      await storage.transaction(async (tx) => {
        await tx.create('units', 'x', { a: 1 });
        await tx.create('topics', 'x', { a: 2 });
      });
      expect((await storage.get('topics', 'x'))?.data).toEqual({ a: 2 });
    });

    it('admits exactly one of many concurrent creates of one id', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 12 }, (_, i) => storage.transaction((tx) => tx.create('ballots', 'item1:unit1', { choice: i }))),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(rejected).toHaveLength(11);
      for (const r of rejected) expect(r.reason).toBeInstanceOf(DuplicateKeyError);
      expect(await storage.count('ballots')).toBe(1);
    });

    it('refuses an update against a stale version', async () => {
      await storage.transaction((tx) => tx.create('members', 'm', { roles: ['owner'] }));
      await storage.transaction((tx) => tx.update('members', 'm', 1, { roles: ['owner', 'party_member'] }));
      await expect(storage.transaction((tx) => tx.update('members', 'm', 1, { roles: [] }))).rejects.toBeInstanceOf(VersionConflictError);
      await expect(storage.transaction((tx) => tx.update('members', 'nope', 1, { roles: [] }))).rejects.toBeInstanceOf(VersionConflictError);
      expect((await storage.get('members', 'm'))?.data).toEqual({ roles: ['owner', 'party_member'] });
    });

    it('retries a transaction body that lost a version race, then succeeds', async () => {
      await storage.transaction((tx) => tx.create('counters', 'c', { n: 0 }));
      let attempts = 0;
      await storage.transaction(async (tx) => {
        attempts++;
        const doc = await tx.get<{ n: number }>('counters', 'c');
        // first attempt writes against a deliberately stale version, as a concurrent writer would cause
        await tx.update('counters', 'c', attempts === 1 ? doc!.version + 5 : doc!.version, { n: doc!.data.n + 1 });
      });
      expect(attempts).toBe(2);
      expect((await storage.get('counters', 'c'))?.data).toEqual({ n: 1 });
    });

    it('rolls back everything when the body throws', async () => {
      await expect(
        storage.transaction(async (tx) => {
          await tx.create('topics', 't1', { a: 1 });
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await storage.get('topics', 't1')).toBeNull();
    });

    it('finds by equality and one-of filters, sorts, limits and counts', async () => {
      await storage.transaction(async (tx) => {
        for (let i = 1; i <= 7; i++) {
          await tx.create('units', `u${i}`, { estateId: i <= 5 ? 'e1' : 'e2', building: String((i % 3) + 1), areaCenti: 1000 * i, developerHeld: i === 2 });
        }
      });
      const e1 = await storage.find<{ areaCenti: number }>('units', { where: { estateId: 'e1' }, orderBy: { field: 'areaCenti', direction: 'desc' } });
      expect(e1.map((d) => d.id)).toEqual(['u5', 'u4', 'u3', 'u2', 'u1']);
      const some = await storage.find('units', { where: { estateId: 'e1', building: ['1', '3'] }, orderBy: { field: 'areaCenti' } });
      expect(some.map((d) => d.id)).toEqual(['u2', 'u3', 'u5']);
      expect((await storage.find('units', { where: { developerHeld: true } })).map((d) => d.id)).toEqual(['u2']);
      expect(await storage.find('units', { where: { building: [] } })).toEqual([]);
      expect((await storage.find('units', { orderBy: { field: 'areaCenti' }, limit: 2 })).map((d) => d.id)).toEqual(['u1', 'u2']);
      expect(await storage.count('units', { estateId: 'e2' })).toBe(2);
      expect(await storage.count('units')).toBe(7);
    });

    describe('pinned query meanings', () => {
      it('equality on an array-valued field matches arrays that contain the value (and plain equal values)', async () => {
        await put(storage, 'members', [
          { id: 'a', data: { roles: ['owner', 'community_staff'], tag: 'x' } },
          { id: 'b', data: { roles: ['owner'], tag: ['x', 'y'] } },
          { id: 'c', data: { roles: 'community_staff', tag: [['x']] } },
          { id: 'd', data: { roles: [], tag: 'xy' } },
          { id: 'e', data: { tag: [1, 2] } },
        ]);
        expect(ids(await storage.find('members', { where: { roles: 'community_staff' } }))).toEqual(['a', 'c']);
        expect(ids(await storage.find('members', { where: { roles: 'owner' } }))).toEqual(['a', 'b']);
        // an element nested one array deeper does not count
        expect(ids(await storage.find('members', { where: { tag: 'x' } }))).toEqual(['a', 'b']);
        // one-of: any element of the array in the list
        expect(ids(await storage.find('members', { where: { roles: ['community_staff', 'party_member'] } }))).toEqual(['a', 'c']);
        expect(ids(await storage.find('members', { where: { tag: ['y', 'xy'] } }))).toEqual(['b', 'd']);
        expect(ids(await storage.find('members', { where: { tag: 2 } }))).toEqual(['e']);
        expect(ids(await storage.find('members', { where: { tag: '2' } }))).toEqual([]);
        expect(await storage.count('members', { roles: 'owner', tag: 'x' })).toBe(2);
      });

      it('one-of with many values (a long list) means the same', async () => {
        const docs = Array.from({ length: 30 }, (_, i) => ({ id: `m${String(i).padStart(2, '0')}`, data: { n: i, tags: [`t${i}`, 'all'] } }));
        await put(storage, 'members', docs);
        const wanted = Array.from({ length: 12 }, (_, i) => i * 2);
        expect(ids(await storage.find('members', { where: { n: wanted } }))).toEqual(wanted.map((i) => `m${String(i).padStart(2, '0')}`));
        expect(ids(await storage.find('members', { where: { tags: wanted.map((i) => `t${i}`) } }))).toEqual(wanted.map((i) => `m${String(i).padStart(2, '0')}`));
        expect(await storage.count('members', { n: [...wanted, null, 'x', true] })).toBe(12);
      });

      it('null matches null and missing, never 0, "", false or an empty array', async () => {
        await put(storage, 'topics', [
          { id: 'null', data: { x: null } },
          { id: 'missing', data: { y: 1 } },
          { id: 'zero', data: { x: 0 } },
          { id: 'empty', data: { x: '' } },
          { id: 'false', data: { x: false } },
          { id: 'arr', data: { x: [] } },
          { id: 'arrnull', data: { x: [null, 'v'] } },
          { id: 'v', data: { x: 'v' } },
        ]);
        expect(ids(await storage.find('topics', { where: { x: null } }))).toEqual(['arrnull', 'missing', 'null']);
        expect(ids(await storage.find('topics', { where: { x: [null, 'v'] } }))).toEqual(['arrnull', 'missing', 'null', 'v']);
        expect(ids(await storage.find('topics', { where: { x: false } }))).toEqual(['false']);
        expect(ids(await storage.find('topics', { where: { x: 0 } }))).toEqual(['zero']);
        expect(await storage.count('topics', { x: null })).toBe(3);
      });

      it('sorts missing and null together, first ascending and last descending, ties by id', async () => {
        const docs = [
          { id: 'd1', data: { at: 3 } },
          { id: 'd2', data: {} },
          { id: 'd3', data: { at: 1 } },
          { id: 'd4', data: { at: null } },
          { id: 'd5', data: { at: 3 } },
          { id: 'd0', data: { at: 2 } },
          { id: 'd6', data: {} },
        ];
        await put(storage, 'topics', docs);
        const asc = ids(await storage.find('topics', { orderBy: { field: 'at' } }));
        expect(asc).toEqual(['d2', 'd4', 'd6', 'd3', 'd0', 'd1', 'd5']);
        expect(asc).toEqual(expectedOrder(docs, { field: 'at' }));
        const desc = ids(await storage.find('topics', { orderBy: { field: 'at', direction: 'desc' } }));
        expect(desc).toEqual(['d5', 'd1', 'd0', 'd3', 'd6', 'd4', 'd2']);
        expect(ids(await storage.find('topics', { orderBy: { field: 'at' }, limit: 2 }))).toEqual(['d2', 'd4']);
      });

      it('sorts strings by code point (B < a < é < 中 < 😀), the same on both engines', async () => {
        const words = ['中', 'a', 'é', 'B', '😀', 'ab', 'A', '\uffee'];
        await put(storage, 'topics', words.map((w, i) => ({ id: `w${i}`, data: { w } })));
        const sorted = (await storage.find<{ w: string }>('topics', { orderBy: { field: 'w' } })).map((d) => d.data.w);
        expect(sorted).toEqual(['A', 'B', 'a', 'ab', 'é', '中', '\uffee', '😀']);
        const r = await storage.find<{ w: string }>('topics', { where: { w: { gt: 'a', lt: '😀' } }, orderBy: { field: 'w' } });
        expect(r.map((d) => d.data.w)).toEqual(['ab', 'é', '中', '\uffee']);
      });

      it('ranges: boundaries, several fields, and type bracketing (a numeric range never matches strings)', async () => {
        await put(storage, 'units', [
          { id: 'n1', data: { area: 1, at: '2026-01-01' } },
          { id: 'n5', data: { area: 5, at: '2026-01-05' } },
          { id: 'n7', data: { area: 7.5, at: '2026-01-07' } },
          { id: 'n10', data: { area: 10, at: '2026-01-10' } },
          { id: 's5', data: { area: '5', at: 5 } },
          { id: 'nul', data: { area: null, at: null } },
          { id: 'mis', data: {} },
          { id: 'bool', data: { area: true, at: true } },
        ]);
        const q = async (where: Where) => ids(await storage.find('units', { where, orderBy: { field: 'area' } }));
        expect(await q({ area: { gte: 5, lte: 10 } })).toEqual(['n5', 'n7', 'n10']);
        expect(await q({ area: { gt: 5, lt: 10 } })).toEqual(['n7']);
        expect(await q({ area: { gt: 1 } })).toEqual(['n5', 'n7', 'n10']);
        expect(await q({ area: { lte: 5 } })).toEqual(['n1', 'n5']);
        expect(await q({ area: { gt: 100 } })).toEqual([]);
        // string ranges only match strings
        expect(await q({ area: { gte: '0' } })).toEqual(['s5']);
        expect(await q({ at: { gte: '2026-01-05', lt: '2026-01-10' } })).toEqual(['n5', 'n7']);
        expect(await q({ at: { gt: 0 } })).toEqual(['s5']);
        // ranges combine with equality and with ranges on other fields
        expect(await q({ area: { gte: 1 }, at: { lt: '2026-01-06' } })).toEqual(['n1', 'n5']);
        expect(await q({ area: { gte: 1 }, at: '2026-01-07' })).toEqual(['n7']);
        expect(await storage.count('units', { area: { gte: 0 } })).toBe(4);
      });

      it('refuses ranges and values the port does not define', async () => {
        const bad: Where[] = [
          { area: {} as never },
          { area: { gt: 1, lt: 'z' } },
          { area: { gt: true } as never },
          { area: { between: 1 } as never },
          { area: { gt: Number.NaN } },
          { area: Number.POSITIVE_INFINITY },
          { area: [[1]] as never },
          { area: { nested: { a: 1 } } as never },
        ];
        for (const where of bad) await expect(storage.find('units', { where })).rejects.toThrow(/invalid/);
      });
    });

    describe('cursor pages', () => {
      // 2,500 documents; the sort value repeats (ties), and some are null or missing
      const big = Array.from({ length: 2500 }, (_, i) => {
        const data: DocData = { estateId: i % 5 === 0 ? 'e2' : 'e1', n: i };
        if (i % 50 !== 7) data.rank = i % 51 === 3 ? null : i % 7;
        return { id: `d${String((i * 7919) % 2500).padStart(4, '0')}`, data };
      });

      it('walks 2,500 documents in pages of 1000 and 333, asc and desc, with ties, nulls and missing values: no repeat, no skip', async () => {
        await put(storage, 'owners', big);
        for (const orderBy of [{ field: 'rank' }, { field: 'rank', direction: 'desc' as const }, undefined]) {
          const expected = expectedOrder(big, orderBy);
          for (const limit of [1000, 333]) {
            const { seen, sizes } = await walk(storage, 'owners', { orderBy, limit });
            expect(new Set(seen).size).toBe(seen.length);
            expect(seen).toEqual(expected);
            expect(sizes).toEqual(Array.from({ length: Math.ceil(2500 / limit) }, (_, i) => Math.min(limit, 2500 - i * limit)));
          }
        }
        // with a filter: only the matching documents, still in the pinned order
        const e2 = big.filter((d) => d.data.estateId === 'e2');
        const { seen } = await walk(storage, 'owners', { where: { estateId: 'e2', n: { gte: 0 } }, orderBy: { field: 'rank', direction: 'desc' }, limit: 333 });
        expect(seen).toEqual(expectedOrder(e2, { field: 'rank', direction: 'desc' }));
        // a filter-and-order walk agrees with find
        expect(seen).toEqual(ids(await storage.find('owners', { where: { estateId: 'e2' }, orderBy: { field: 'rank', direction: 'desc' } })));
      });

      it('continues after a page that ends on a null or missing sort value, in both directions', async () => {
        const docs = [
          { id: 'a', data: { at: null } },
          { id: 'b', data: {} },
          { id: 'c', data: { at: 1 } },
          { id: 'd', data: { at: null } },
          { id: 'e', data: { at: 1 } },
          { id: 'f', data: {} },
        ];
        await put(storage, 'topics', docs);
        for (const orderBy of [{ field: 'at' }, { field: 'at', direction: 'desc' as const }]) {
          for (const limit of [1, 2, 3]) {
            expect((await walk(storage, 'topics', { orderBy, limit })).seen).toEqual(expectedOrder(docs, orderBy));
          }
        }
        const first = await storage.page('topics', { orderBy: { field: 'at' }, limit: 2 });
        expect(ids(first.docs)).toEqual(['a', 'b']);
        expect(ids((await storage.page('topics', { orderBy: { field: 'at' }, limit: 2, after: first.next })).docs)).toEqual(['d', 'f']);
      });

      it('next is null exactly when nothing follows; an empty result is one empty page', async () => {
        await put(storage, 'topics', Array.from({ length: 6 }, (_, i) => ({ id: `t${i}`, data: { k: 'x', n: i } })));
        const one = await storage.page('topics', { where: { k: 'x' }, orderBy: { field: 'n' }, limit: 3 });
        expect(ids(one.docs)).toEqual(['t0', 't1', 't2']);
        expect(one.next).not.toBeNull();
        const two = await storage.page('topics', { where: { k: 'x' }, orderBy: { field: 'n' }, limit: 3, after: one.next });
        expect(ids(two.docs)).toEqual(['t3', 't4', 't5']);
        expect(two.next).toBeNull();
        expect(await storage.page('topics', { where: { k: 'none' }, limit: 3 })).toEqual({ docs: [], next: null });
        expect(await storage.page('topics', { where: { k: [] }, limit: 3 })).toEqual({ docs: [], next: null });
        // documents added later that sort after the cursor show up on the next page
        await put(storage, 'topics', [{ id: 't9', data: { k: 'x', n: 99 } }]);
        expect(ids((await storage.page('topics', { where: { k: 'x' }, orderBy: { field: 'n' }, limit: 3, after: one.next })).docs)).toEqual(['t3', 't4', 't5']);
        expect(ids((await storage.page('topics', { where: { k: 'x' }, orderBy: { field: 'n' }, limit: 4, after: one.next })).docs)).toEqual(['t3', 't4', 't5', 't9']);
      });

      it('refuses a cursor made for another order, a forged cursor and a bad limit', async () => {
        await put(storage, 'topics', Array.from({ length: 4 }, (_, i) => ({ id: `t${i}`, data: { n: i } })));
        const { next } = await storage.page('topics', { orderBy: { field: 'n' }, limit: 2 });
        await expect(storage.page('topics', { orderBy: { field: 'n', direction: 'desc' }, limit: 2, after: next })).rejects.toBeInstanceOf(InvalidCursorError);
        await expect(storage.page('topics', { orderBy: { field: 'm' }, limit: 2, after: next })).rejects.toBeInstanceOf(InvalidCursorError);
        await expect(storage.page('topics', { limit: 2, after: next })).rejects.toBeInstanceOf(InvalidCursorError);
        await expect(storage.page('topics', { orderBy: { field: 'n' }, limit: 2, after: 'not-a-cursor' })).rejects.toBeInstanceOf(InvalidCursorError);
        await expect(storage.page('topics', { limit: 0 })).rejects.toThrow(/limit/);
        await expect(storage.page('topics', { limit: 1.5 })).rejects.toThrow(/limit/);
      });
    });

    describe('getMany', () => {
      it('returns documents in the order asked, null for missing ids, repeats for repeated ids', async () => {
        await put(storage, 'units', [
          { id: 'u1', data: { a: 1 } },
          { id: 'u2', data: { a: 2 } },
          { id: 'u3', data: { a: 3 } },
        ]);
        await put(storage, 'topics', [{ id: 'u4', data: { other: true } }]);
        const got = await storage.getMany<{ a: number }>('units', ['u3', 'nope', 'u1', 'u3', 'u4']);
        expect(got.map((d) => d && d.data.a)).toEqual([3, null, 1, 3, null]);
        expect(got[0]).toEqual({ id: 'u3', version: 1, data: { a: 3 } });
        expect(await storage.getMany('units', [])).toEqual([]);
      });

      it('fetches more than 1000 ids (CloudBase: in chunks under its per-request cap)', async () => {
        const docs = Array.from({ length: 1500 }, (_, i) => ({ id: `o${String(i).padStart(4, '0')}`, data: { n: i } }));
        await put(storage, 'owners', docs);
        const asked = Array.from({ length: 2300 }, (_, i) => `o${String((i * 37) % 2300).padStart(4, '0')}`);
        const got = await storage.getMany<{ n: number }>('owners', asked);
        expect(got).toHaveLength(2300);
        asked.forEach((id, i) => {
          const n = Number(id.slice(1));
          expect(got[i]?.data.n ?? null).toBe(n < 1500 ? n : null);
        });
      });
    });

    describe('aggregate', () => {
      // ballots of two votes: item, choice, area in 0.01 m², the person who voted
      const ballots = Array.from({ length: 240 }, (_, i) => {
        const data: DocData = { voteId: i % 4 === 0 ? 'v2' : 'v1', itemId: `item${i % 3}`, areaCenti: 5000 + ((i * 37) % 4000), personKey: `p${i % 45}`, at: 1000 + i };
        if (i % 5 === 0) data.choice = 'yes';
        else if (i % 5 === 1) data.choice = 'no';
        else if (i % 5 === 2) data.choice = 'abstain';
        else if (i % 5 === 3) data.choice = null; // null and missing (i % 5 === 4) group together
        if (i % 17 === 0) data.areaCenti = String(data.areaCenti); // a string is not added
        if (i % 19 === 0) delete data.areaCenti;
        if (i % 23 === 0) data.personKey = null; // not a distinct person
        return { id: `b${String(i).padStart(3, '0')}`, data };
      });

      /** the same numbers computed here, from the documents */
      function expected(filter: (d: DocData) => boolean, groupBy: string[]): AggregateRow[] {
        const groups = new Map<string, { group: Record<string, Scalar>; docs: DocData[] }>();
        for (const b of ballots.filter((x) => filter(x.data))) {
          const group = Object.fromEntries(groupBy.map((g) => [g, (b.data[g] ?? null) as Scalar]));
          const k = JSON.stringify(group);
          if (!groups.has(k)) groups.set(k, { group, docs: [] });
          groups.get(k)!.docs.push(b.data);
        }
        const rows = [...groups.values()].map(({ group, docs }) => ({
          group,
          count: docs.length,
          sums: { areaCenti: docs.reduce((s, d) => s + (typeof d.areaCenti === 'number' ? d.areaCenti : 0), 0) },
          distinct: new Set(docs.map((d) => d.personKey).filter((p) => p !== null && p !== undefined)).size,
        }));
        return rows.sort((x, y) => {
          for (const g of groupBy) {
            const c = compareScalars(x.group[g], y.group[g]);
            if (c) return c;
          }
          return 0;
        });
      }

      it('counts, sums and counts distinct persons by 0, 1 and 2 group fields, with filters; null and missing group together', async () => {
        await put(storage, 'ballots', ballots);
        const all = () => true;
        const v1 = (d: DocData) => d.voteId === 'v1';
        const spec = { count: true as const, sum: ['areaCenti'], distinct: 'personKey' };

        expect(await storage.aggregate('ballots', { ...spec })).toEqual(expected(all, []));
        expect(await storage.aggregate('ballots', { ...spec, where: { voteId: 'v1' }, groupBy: ['choice'] })).toEqual(expected(v1, ['choice']));
        const two = await storage.aggregate('ballots', { ...spec, where: { voteId: 'v1' }, groupBy: ['itemId', 'choice'] });
        expect(two).toEqual(expected(v1, ['itemId', 'choice']));
        expect(two).toHaveLength(12);
        expect(two[0].group).toEqual({ itemId: 'item0', choice: null });
        // a range filter narrows the documents before grouping
        const late = (d: DocData) => d.voteId === 'v1' && (d.at as number) >= 1100 && (d.at as number) < 1200;
        expect(await storage.aggregate('ballots', { ...spec, where: { voteId: 'v1', at: { gte: 1100, lt: 1200 } }, groupBy: ['itemId'] })).toEqual(expected(late, ['itemId']));
        // without sum or distinct: only counts
        expect(await storage.aggregate('ballots', { groupBy: ['voteId'] })).toEqual([
          { group: { voteId: 'v1' }, count: 180, sums: {} },
          { group: { voteId: 'v2' }, count: 60, sums: {} },
        ]);
        // one-of on the group field
        expect((await storage.aggregate('ballots', { where: { choice: ['yes', null] }, groupBy: ['choice'] })).map((r) => [r.group.choice, r.count])).toEqual([
          [null, 96],
          ['yes', 48],
        ]);
      });

      it('over no documents: one zero row without group fields, no rows with them', async () => {
        await put(storage, 'ballots', ballots.slice(0, 5));
        expect(await storage.aggregate('ballots', { where: { voteId: 'none' }, sum: ['areaCenti'], distinct: 'personKey' })).toEqual([
          { group: {}, count: 0, sums: { areaCenti: 0 }, distinct: 0 },
        ]);
        expect(await storage.aggregate('ballots', { where: { voteId: [] }, sum: ['areaCenti'] })).toEqual([{ group: {}, count: 0, sums: { areaCenti: 0 } }]);
        expect(await storage.aggregate('ballots', { where: { voteId: 'none' }, groupBy: ['itemId'], sum: ['areaCenti'] })).toEqual([]);
        expect(await storage.aggregate('empty_collection', { groupBy: ['x'] })).toEqual([]);
      });

      it('returns every group, even thousands (CloudBase pages the pipeline; it returns 20 rows unless told otherwise)', async () => {
        const docs = Array.from({ length: 2100 }, (_, i) => ({ id: `g${String(i).padStart(4, '0')}`, data: { unit: `u${String(i % 1050).padStart(4, '0')}`, kind: i % 2 ? 'b' : 'a', area: 100 } }));
        await put(storage, 'units', docs);
        const rows = await storage.aggregate('units', { groupBy: ['unit'], sum: ['area'] });
        expect(rows).toHaveLength(1050);
        expect(rows.every((r) => r.count === 2 && r.sums.area === 200)).toBe(true);
        expect(rows.map((r) => r.group.unit)).toEqual(Array.from({ length: 1050 }, (_, i) => `u${String(i).padStart(4, '0')}`));
        expect(await storage.aggregate('units', { groupBy: ['kind', 'unit'], where: { unit: { lt: 'u0003' } } })).toHaveLength(3);
      });

      it('refuses more than two group fields', async () => {
        await expect(storage.aggregate('ballots', { groupBy: ['a', 'b', 'c'] })).rejects.toThrow(/at most 2/);
        await expect(storage.aggregate('ballots', { groupBy: ["x') --"] })).rejects.toThrow(/invalid field/);
      });
    });

    it('refuses field names that are not plain identifiers', async () => {
      await expect(storage.find('units', { where: { "x') OR 1=1 --": 'a' } })).rejects.toThrow(/invalid field/);
    });
  });
}
