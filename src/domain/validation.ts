import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * Identity and line numbers are checked at the edge with their own rules, so that a typo is
 * reported as a typo and never reaches a look-up.
 */

/** The E.164 form of a valid mobile-capable number, or null. */
export function normaliseMsisdn(input: string): string | null {
  if (!/^\+[1-9]\d{6,14}$/.test(input)) return null;
  const phone = parsePhoneNumberFromString(input);
  if (!phone || !phone.isValid()) return null;
  const type = phone.getType();
  // Fixed-line numbers have no SIM to cancel; undetermined types are allowed for small regions.
  if (type && type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE') return null;
  return phone.number;
}

const residentIdWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const residentIdCheck = '10X98765432';

/** GB 11643-1999 check character of the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * residentIdWeights[i]!;
  return residentIdCheck[sum % 11]!;
}

export type ResidentIdProblem = 'format' | 'birth_date' | 'check_digit';

/** Checks an 18-character Chinese resident ID; upper-case X only, as printed on the card. */
export function residentIdProblem(id: string, today?: string): ResidentIdProblem | null {
  if (!/^\d{17}[\dX]$/.test(id)) return 'format';
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  const iso = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return 'birth_date';
  if (today && iso > today) return 'birth_date';
  if (residentIdCheckChar(id.slice(0, 17)) !== id[17]) return 'check_digit';
  return null;
}

export function isLuhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let n = Number(digits[i]);
    if (double) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
    double = !double;
  }
  return sum % 10 === 0;
}

/** ICCID: 19 or 20 digits starting with the telecom industry prefix 89, Luhn check digit last. */
export function isValidIccid(iccid: string): boolean {
  return /^89\d{17,18}$/.test(iccid) && isLuhnValid(iccid);
}

/** Passport numbers: 5–20 letters and digits, upper case as printed. */
export function isValidPassportNumber(n: string): boolean {
  return /^[A-Z0-9]{5,20}$/.test(n);
}

export const idTypes = ['cn_resident_id', 'passport', 'other'] as const;
export type IdType = (typeof idTypes)[number];

/** A reason a document number is wrong for its type, or null. */
/** `today` (YYYY-MM-DD) lets a resident ID's birth date be refused when it lies in the future. */
export function idNumberProblem(type: IdType, n: string, today?: string): string | null {
  if (type === 'cn_resident_id') {
    const p = residentIdProblem(n, today);
    if (p === 'format') return 'a resident ID has 17 digits followed by a digit or an upper-case X';
    if (p === 'birth_date') return 'the birth date inside the resident ID is not a real date, or lies in the future';
    if (p === 'check_digit') return 'the check digit of the resident ID does not match (GB 11643)';
    return null;
  }
  if (type === 'passport') return isValidPassportNumber(n) ? null : 'a passport number has 5–20 upper-case letters and digits';
  return /^[\p{L}\p{N}-]{3,32}$/u.test(n) ? null : 'a document number has 3–32 letters, digits or hyphens';
}

/** Names are compared after Unicode NFKC and whitespace folding, so full-width and spacing differences do not matter. */
export function foldName(name: string): string {
  return name
    .normalize('NFKC')
    .trim()
    .replace(/\s+/gu, ' ')
    // Chinese names are written without spaces; "刘 洋" is the same person as "刘洋".
    .replace(/(?<=\p{Script=Han}) | (?=\p{Script=Han})/gu, '')
    .toLocaleLowerCase('en');
}

export function foldEmail(email: string): string {
  return email.normalize('NFKC').trim().toLowerCase();
}

/** Masks: keep just enough for the customer to recognise their own value. */
export function maskMsisdn(msisdn: string): string {
  if (msisdn.length < 8) return msisdn.replace(/\d(?=\d{2})/g, '*');
  return msisdn.slice(0, msisdn.length - 8) + '****' + msisdn.slice(-4);
}

export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/** Keeps the family name of a Chinese name ("张*") and the initials of a Latin one ("O*** S***"). */
export function maskName(name: string): string {
  const n = name.normalize('NFKC').trim();
  if (/^\p{Script=Han}+$/u.test(n.replace(/\s+/g, ''))) {
    const chars = [...n.replace(/\s+/g, '')];
    return chars[0] + '*'.repeat(Math.max(chars.length - 1, 1));
  }
  return n
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => `${[...w][0]}***`)
    .join(' ');
}

export function maskIdNumber(n: string): string {
  if (n.length <= 4) return '*'.repeat(n.length);
  if (n.length === 18) return n.slice(0, 6) + '*'.repeat(8) + n.slice(14);
  return '*'.repeat(n.length - 4) + n.slice(-4);
}

const isoInstant = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * An ISO 8601 instant that names its offset (a local time without one is ambiguous across
 * regions), seconds optional; impossible dates such as 30 February are refused, not rolled over.
 */
export function parseIsoInstant(text: string): Date | null {
  const m = isoInstant.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  const calendarDate = new Date(Date.UTC(y, mo - 1, d));
  if (calendarDate.getUTCMonth() !== mo - 1 || calendarDate.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? null : at;
}
