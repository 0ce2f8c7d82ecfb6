/**
 * Case references `LC-YYYY-NNNNNNN-C`. The check digit uses the Damm algorithm: its quasigroup
 * catches every single-digit error and every swap of two adjacent digits, which is what a
 * reference read out over the phone or typed on a small keyboard suffers from.
 */
const damm = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
] as const;

export function dammDigit(digits: string): number {
  let interim = 0;
  for (const ch of digits) interim = damm[interim]![Number(ch)]!;
  return interim;
}

const pattern = /^LC-(\d{4})-(\d{7})-(\d)$/;

export function formatReference(year: number, serial: number): string {
  if (!Number.isInteger(year) || year < 2000 || year > 9999) throw new RangeError(`year ${year} out of range`);
  if (!Number.isInteger(serial) || serial < 1 || serial > 9_999_999) throw new RangeError(`serial ${serial} out of range`);
  const y = String(year).padStart(4, '0');
  const n = String(serial).padStart(7, '0');
  return `LC-${y}-${n}-${dammDigit(y + n)}`;
}

/** True when the text has the reference's shape and its check digit holds. */
export function isValidReference(text: string): boolean {
  const m = pattern.exec(text);
  if (!m) return false;
  return dammDigit(m[1]! + m[2]!) === Number(m[3]);
}

export const referencePattern = pattern;
