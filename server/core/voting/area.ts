/**
 * Areas as exact integers of 0.01 m² (SPC building-ownership interpretation Art. 8; DOMAIN §2): parsed from the
 * decimal strings of the roster, never through floating point, and printed back the same way.
 */

const AREA_TEXT = /^(\d{1,12})(?:\.(\d{1,2}))?$/;

/** "89.52" → 8952, "120" → 12000, "0.5" → 50. null for anything else: more than 2 decimals, signs, exponents, blanks. */
export function parseAreaCenti(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  const m = AREA_TEXT.exec(text);
  if (!m) return null;
  const frac = m[2] === undefined ? 0 : m[2].length === 1 ? Number(m[2]) * 10 : Number(m[2]);
  const centi = Number(m[1]) * 100 + frac;
  return Number.isSafeInteger(centi) ? centi : null;
}

/** 8952 → "89.52", 5 → "0.05" (two decimals always). */
export function formatAreaCenti(centi: number): string {
  const whole = Math.floor(centi / 100);
  const frac = centi - whole * 100;
  return `${whole}.${frac < 10 ? '0' : ''}${frac}`;
}
