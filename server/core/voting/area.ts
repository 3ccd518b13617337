/**
 * Areas as exact integers of 0.01 m² (SPC building-ownership interpretation Art. 8; DOMAIN §2): parsed from the
 * decimal strings of the roster, never through floating point, and printed back the same way.
 */

/** "89.52" → 8952, "120" → 12000, "0.5" → 50. null for anything else: more than 2 decimals, signs, exponents, blanks. */
export function parseAreaCenti(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  // by hand rather than a regular expression: the roster of a large estate is parsed on every count
  const n = text.length;
  let i = 0;
  let whole = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    whole = whole * 10 + (c - 48);
    i++;
  }
  if (i === 0 || i > 12) return null;
  let frac = 0;
  if (i < n) {
    if (text.charCodeAt(i) !== 46 || n - i < 2 || n - i > 3) return null;
    for (let j = i + 1; j < n; j++) {
      const c = text.charCodeAt(j);
      if (c < 48 || c > 57) return null;
      frac = frac * 10 + (c - 48);
    }
    if (n - i === 2) frac *= 10;
  }
  return whole * 100 + frac;
}

/** 8952 → "89.52", 5 → "0.05" (two decimals always). */
export function formatAreaCenti(centi: number): string {
  const whole = Math.floor(centi / 100);
  const frac = centi - whole * 100;
  return `${whole}.${frac < 10 ? '0' : ''}${frac}`;
}
