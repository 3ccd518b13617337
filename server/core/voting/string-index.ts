/**
 * Strings → dense indexes 0, 1, 2, … in order of first appearance, for a known maximum number of keys: an
 * open-addressing table (FNV-1a, linear probing) over typed arrays. It exists for speed only: indexing the roster
 * of a large estate is most of a count, and on the development machine inserting 110,000 units and their owners
 * into two Maps took about 2.5 times as long as this table (bench:count). Results never depend on it: the
 * property tests check it against a Map.
 */
export class StringIndex {
  private readonly keys: string[] = [];
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(maxKeys: number) {
    let capacity = 16;
    while (capacity < maxKeys * 2) capacity *= 2;
    this.slots = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.keys.length;
  }

  private static hash(s: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    return h >>> 0;
  }

  /** the index of `s`, adding it as index `size` when it is new (callers compare with `size` before the call) */
  intern(s: string): number {
    if (this.keys.length * 2 >= this.slots.length) throw new Error('StringIndex is full');
    let p = StringIndex.hash(s) & this.mask;
    for (;;) {
      const v = this.slots[p];
      if (v < 0) {
        this.slots[p] = this.keys.length;
        this.keys.push(s);
        return this.keys.length - 1;
      }
      if (this.keys[v] === s) return v;
      p = (p + 1) & this.mask;
    }
  }

  /** the index of `s`, or -1 */
  get(s: string): number {
    let p = StringIndex.hash(s) & this.mask;
    for (;;) {
      const v = this.slots[p];
      if (v < 0) return -1;
      if (this.keys[v] === s) return v;
      p = (p + 1) & this.mask;
    }
  }
}
