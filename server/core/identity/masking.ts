/** Masking for views that do not strictly need the full value (PIPL; DOMAIN §5). */

/** 张三 → 张*, 王小明 → 王*明, 欧阳娜娜 → 欧**娜 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return chars.join('') ? `${chars[0]}*` : '';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** 13812345678 → 138****5678 */
export function maskPhone(phone: string): string {
  let digits = phone.replace(/\D/g, '');
  // +86 / 0086 country prefix in front of an 11-digit mainland mobile number
  if (/^(0086|86)1\d{10}$/.test(digits)) digits = digits.slice(-11);
  if (digits.length < 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}

/** Last 4 characters of an ID number, the only part ever stored in clear. */
export function idTail(idNumber: string): string {
  return idNumber.trim().toUpperCase().slice(-4);
}
