import { DuplicateKeyError, VersionConflictError, type Storage } from '../../server/ports';

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

    it('refuses field names that are not plain identifiers', async () => {
      await expect(storage.find('units', { where: { "x') OR 1=1 --": 'a' } })).rejects.toThrow(/invalid field/);
    });
  });
}
