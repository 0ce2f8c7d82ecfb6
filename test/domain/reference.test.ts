import { describe, expect, it } from 'vitest';
import { dammDigit, formatReference, isValidReference, referencePattern } from '../../src/domain/reference.js';
import { mulberry32, int } from '../support/random.js';



/** The 12 digits of a reference (4 of the year, 7 of the serial, the check digit) and back. */
const digitsOf = (ref: string) => ref.replace(/\D/g, '');
const fromDigits = (d: string) => `LC-${d.slice(0, 4)}-${d.slice(4, 11)}-${d.slice(11)}`;

// Serials at the edges plus random ones from a fixed seed; years cover the plausible range.
const seed = 7_000_123;
const samples: Array<[number, number]> = [
  [2026, 1],
  [2026, 123],
  [2026, 9_999_999],
  [2000, 1_000_000],
  [2099, 5_555_555],
];
{
  const rnd = mulberry32(seed);
  while (samples.length < 2000) samples.push([int(rnd, 2000, 2099), int(rnd, 1, 9_999_999)]);
}

describe('formatReference', () => {
  it('writes LC-year-serial-check with the serial padded to seven digits', () => {
    expect(formatReference(2026, 123)).toMatch(/^LC-2026-0000123-\d$/);
    expect(formatReference(2026, 9_999_999)).toMatch(/^LC-2026-9999999-\d$/);
    expect(formatReference(2026, 1)).toMatch(referencePattern);
  });

  it('ends with the Damm check digit of the year and serial', () => {
    // CONTRACT §3 shows "LC-2026-0000123-7" as an illustration of the shape; the Damm digit is 6.
    expect(dammDigit('20260000123')).toBe(6);
    expect(formatReference(2026, 123)).toBe('LC-2026-0000123-6');
    expect(isValidReference('LC-2026-0000123-7')).toBe(false);
    // A full code word, check digit included, always runs the quasigroup back to 0.
    expect(dammDigit('202600001236')).toBe(0);
  });

  it('round-trips through isValidReference for every sample', () => {
    for (const [year, serial] of samples) {
      const ref = formatReference(year, serial);
      expect(ref, `${year}/${serial}`).toMatch(referencePattern);
      expect(isValidReference(ref), ref).toBe(true);
      expect(dammDigit(digitsOf(ref)), ref).toBe(0);
    }
  });

  it.each([0, -1, 10_000_000, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('throws a RangeError for serial %s', (serial) => {
    expect(() => formatReference(2026, serial)).toThrow(RangeError);
  });
});

describe('isValidReference', () => {
  it(`rejects every single-digit substitution in ${samples.length} references (seed ${seed})`, () => {
    let checked = 0;
    for (const [year, serial] of samples) {
      const digits = digitsOf(formatReference(year, serial));
      for (let i = 0; i < digits.length; i++) {
        for (let d = 0; d <= 9; d++) {
          if (String(d) === digits[i]) continue;
          const typo = fromDigits(digits.slice(0, i) + d + digits.slice(i + 1));
          if (isValidReference(typo)) expect.fail(`${fromDigits(digits)} → ${typo} (position ${i}) was accepted`);
          checked++;
        }
      }
    }
    expect(checked).toBe(samples.length * 12 * 9);
  });

  it(`rejects every swap of two different adjacent digits in ${samples.length} references, check digit included`, () => {
    let checked = 0;
    for (const [year, serial] of samples) {
      const digits = digitsOf(formatReference(year, serial));
      // i = 10 swaps the last serial digit with the check digit; i = 3 swaps across the year/serial dash.
      for (let i = 0; i + 1 < digits.length; i++) {
        if (digits[i] === digits[i + 1]) continue;
        const swapped = fromDigits(digits.slice(0, i) + digits[i + 1] + digits[i] + digits.slice(i + 2));
        if (isValidReference(swapped)) expect.fail(`${fromDigits(digits)} → ${swapped} (positions ${i},${i + 1}) was accepted`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(samples.length * 5);
  });

  const good = formatReference(2026, 123);
  const sixDigitSerial = `LC-2026-000123-${dammDigit('2026000123')}`;

  it.each([
    ['lower-case prefix', good.toLowerCase()],
    ['mixed-case prefix', `Lc${good.slice(2)}`],
    ['no dashes', good.replace(/-/g, '')],
    ['year dash missing', good.replace('LC-2026-', 'LC-2026')],
    ['check dash missing', good.replace(/-(\d)$/, '$1')],
    ['six-digit serial, even with its own check digit', sixDigitSerial],
    ['eight-digit serial', 'LC-2026-00000123-6'],
    ['two-digit year', 'LC-26-0000123-6'],
    ['letter as check digit', 'LC-2026-0000123-X'],
    ['leading space', ` ${good}`],
    ['trailing newline', `${good}\n`],
    ['other prefix', good.replace('LC', 'LD')],
    ['full-width digits', good.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))],
    ['empty', ''],
  ])('rejects a reference with the wrong shape: %s', (_name, text) => {
    expect(isValidReference(text)).toBe(false);
  });
});
