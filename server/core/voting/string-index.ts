/** how full a table may get (see the constructor) */
const MAX_LOAD = 0.85;

/**
 * Strings → numbers the caller chooses (a roster position), for a known maximum number of keys: an open-addressing
 * table (FNV-1a, linear probing) over one Int32Array. It exists for speed only: indexing the roster of a large
 * estate is most of a count. Results never depend on it: the property tests check it against a Map.
 *
 * - The table does not copy its keys: `keyOf(source, value)` reads back the string a value was stored under (the
 *   roster already holds it), so a count allocates no 110,000-entry array of strings. `keyOf` is a function defined
 *   once (not a closure made per count), so optimized code that inlined it stays valid for the next count.
 * - Fresh memory is what costs on the shared development machine (about 11-17 µs for each 4 KB page first
 *   touched, bench:count), so a slot is one int32 and the table fills up to 85 %.
 * - Reading a key back is a cache miss in a far-away roster object, so each slot also keeps the hash bits that
 *   its position does not already imply (the "tag"), and a probe reads the key only when the tags agree.
 */
export class StringIndex<Source> {
  /**
   * open addressing, 0 = empty; else the low bits (under `mask`) hold value + 1 (< capacity, as values are below
   * maxKeys) and the high bits hold the key's hash bits above `mask` (the tag)
   */
  private readonly slots: Int32Array;
  private readonly mask: number;
  private count = 0;

  /**
   * @param maxKeys the most keys that will be added and the bound on values (the table is sized for it, never grows)
   * @param source where the keys are (the roster)
   * @param keyOf the key a stored value was added under; must hold from the moment `intern` stores the value
   */
  constructor(
    private readonly maxKeys: number,
    private readonly source: Source,
    private readonly keyOf: (source: Source, value: number) => string,
  ) {
    // up to 85 % full: linear probing then scans a few more slots, but they are adjacent int32s and the tags
    // spare reading keys, while half the memory is half the fresh pages
    let capacity = 16;
    while (capacity * MAX_LOAD < maxKeys) capacity *= 2;
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  /** FNV-1a, with the high bits folded into the low ones the table indexes by */
  private static hash(s: string): number {
    let h = 0x811c9dc5 | 0;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    return h ^ (h >>> 15);
  }

  /** the value stored under `s`; when `s` is new, stores `value` (0 ≤ value < maxKeys) and returns it */
  intern(s: string, value: number): number {
    const slots = this.slots;
    const mask = this.mask;
    const h = StringIndex.hash(s);
    const tag = h & ~mask;
    let p = h & mask;
    for (;;) {
      const v = slots[p];
      if (v === 0) {
        if (this.count >= this.maxKeys) throw new Error('StringIndex is full');
        if (!(value >= 0 && value < this.maxKeys)) throw new Error(`StringIndex value out of range: ${value}`);
        this.count++;
        slots[p] = tag | (value + 1);
        return value;
      }
      if ((v & ~mask) === tag && this.keyOf(this.source, (v & mask) - 1) === s) return (v & mask) - 1;
      p = (p + 1) & mask;
    }
  }

  /** the value stored under `s`, or -1 */
  get(s: string): number {
    const slots = this.slots;
    const mask = this.mask;
    const h = StringIndex.hash(s);
    const tag = h & ~mask;
    let p = h & mask;
    for (;;) {
      const v = slots[p];
      if (v === 0) return -1;
      if ((v & ~mask) === tag && this.keyOf(this.source, (v & mask) - 1) === s) return (v & mask) - 1;
      p = (p + 1) & mask;
    }
  }
}
