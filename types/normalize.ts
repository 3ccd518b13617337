/**
 * How typed and imported values are normalised: ONE definition, used by the contract's zod schemas
 * (so every API input arrives normalised, on the client before sending and on the server before the
 * use case) and by the roster import (so an imported row and a typed claim always agree: `b301`,
 * `ｂ３０１` and ` B301 ` all become `B301`).
 */

/** NFKC folds full-width digits/letters/parentheses and odd spaces; zero-width characters go; trimmed. */
export function cleanText(raw: string | undefined | null): string {
  if (raw === undefined || raw === null) return '';
  return String(raw)
    .normalize('NFKC')
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '')
    .trim();
}

/**
 * Text a person can have typed: no NUL or other C0/C1 control characters (tab, and in multi-line fields
 * newline and carriage return, excepted), no DEL, and no lone UTF-16 surrogate halves (they cannot be stored
 * as UTF-8: the database refuses them). Checked by the contract's textCheck (types/common.ts).
 */
export function isPlainText(s: string, multiline = false): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20) {
      if (c === 0x09 || (multiline && (c === 0x0a || c === 0x0d))) continue;
      return false;
    }
    if (c >= 0x7f && c <= 0x9f) return false;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
      continue;
    }
    if (c >= 0xdc00 && c <= 0xdfff) return false;
  }
  return true;
}

export type UnitPart = 'building' | 'entrance' | 'room';

/** Suffixes people add to what the roster stores as bare letters/digits: "2号楼" → "2", "1单元" → "1", "102室" → "102". */
const UNIT_PART_SUFFIX: Record<UnitPart, RegExp> = {
  building: /(号楼|栋|幢|座|号|楼)$/,
  entrance: /(单元|门)$/,
  room: /(室|号)$/,
};

/** What a valid unit part looks like after normalisation. */
export const UNIT_PART_PATTERN = /^[A-Z0-9]{1,10}$/;

/** "1号楼" → "1", "2单元" → "2", "b301" / "ｂ３０１" → "B301". Never rejects; validity is UNIT_PART_PATTERN. */
export function normalizeUnitPart(kind: UnitPart, raw: string): string {
  return cleanText(raw).replace(/\s+/g, '').replace(UNIT_PART_SUFFIX[kind], '').toUpperCase();
}

// No lookbehind and no \p{…}: older iOS WeChat engines reject them when the module loads.
const SPACE_BETWEEN_HAN = /([\u3400-\u9FFF\uF900-\uFAFF])\s+(?=[\u3400-\u9FFF\uF900-\uFAFF])/g;
/**
 * Middle dots people type in transliterated names (买买提·艾力): •, ・, ･, ∙, ⋅, ‧ and the full stop (． is
 * what many forms and rosters use: 阿依古丽．买买提; NFKC makes it ".") all mean U+00B7.
 */
const MIDDLE_DOTS = /[.\u2022\u2027\u2219\u22C5\u30FB\uFF65]/g;

/**
 * How names are compared and hashed everywhere: trimmed, NFKC, runs of inner whitespace collapsed to
 * one space (a full-width space too: "王　芳" = "王 芳" = "王芳"), no space between two Chinese characters
 * ("马 建华" = "马建华"), middle dots kept (and unified to "·", full stops included, with no spaces around them).
 */
export function normalizeName(raw: string): string {
  return cleanText(raw)
    .replace(/\s+/g, ' ')
    .replace(SPACE_BETWEEN_HAN, '$1')
    .replace(MIDDLE_DOTS, '\u00B7')
    .replace(/\s*\u00B7\s*/g, '\u00B7');
}

/**
 * Phone digits as typed: NFKC (full-width digits), spaces and dashes stripped, a +86 / 0086 prefix
 * dropped before an 11-digit mobile number. Validity (mainland mobile) is MOBILE_PATTERN.
 */
export function normalizePhone(raw: string): string {
  const digits = cleanText(raw).replace(/[\s\-()]/g, '');
  return /^\+?(0086|86)1\d{10}$/.test(digits) ? digits.slice(-11) : digits;
}

export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;

/** Last 4 of an ID number, or any ID-like code: NFKC, no spaces, upper-case X. */
export function normalizeCode(raw: string): string {
  return cleanText(raw).replace(/\s+/g, '').toUpperCase();
}
