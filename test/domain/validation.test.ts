import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/domain/subscriber-csv.js';
import {
  foldEmail,
  foldName,
  idNumberProblem,
  isLuhnValid,
  isValidIccid,
  isValidPassportNumber,
  maskEmail,
  maskIdNumber,
  maskName,
  maskMsisdn,
  normaliseMsisdn,
  residentIdCheckChar,
  residentIdProblem,
  parseIsoInstant,
} from '../../src/domain/validation.js';
import { mulberry32, int } from '../support/random.js';


const digits = (rnd: () => number, n: number) => Array.from({ length: n }, () => String(int(rnd, 0, 9))).join('');

// The demo lines the whole team names in examples (data/demo-subscribers.csv, a copy of the shared file).
const csv = parseCsv(readFileSync(new URL('../../data/demo-subscribers.csv', import.meta.url), 'utf8'));
const [header, ...records] = csv.records.map((r) => r.fields);
const demo = records.map((fields) => Object.fromEntries(header!.map((h, i) => [h, fields[i] ?? ''])) as Record<string, string>);
const demoMsisdns = demo.map((d) => d.msisdn!);
const demoIccids = demo.map((d) => d.iccid!);
const demoResidentIds = [...new Set(demo.filter((d) => d.id_type === 'cn_resident_id').map((d) => d.id_number!))];

/** Luhn check digit of a body, computed independently of the code under test. */
function luhnCheckDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let n = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) n = n * 2 > 9 ? n * 2 - 9 : n * 2;
    sum += n;
  }
  return String((10 - (sum % 10)) % 10);
}

/** A resident ID with a correct check character, so only the part under test is wrong. */
const residentId = (first17: string) => first17 + residentIdCheckChar(first17);

describe('normaliseMsisdn', () => {
  it('reads the demo file as nine lines', () => {
    expect(demoMsisdns).toHaveLength(9);
    expect(demoResidentIds).toHaveLength(6);
  });

  it.each(demoMsisdns)('accepts the demo mobile number %s as it is', (msisdn) => {
    expect(normaliseMsisdn(msisdn)).toBe(msisdn);
  });

  it.each([
    ['a Beijing fixed line', '+861012345678'],
    ['a Guangzhou fixed line', '+862088888888'],
    ['a London fixed line', '+442079460000'],
    ['a number that is too short', '+8613800138'],
    ['a country code alone', '+86'],
    ['no leading plus', '8613800138000'],
    ['a national number', '13800138000'],
    ['letters', '+86138001380ab'],
    ['spaces', '+86 138 0013 8000'],
    ['a dash', '+86-13800138000'],
    ['16 digits', '+8613800138000123'],
    ['a leading zero country code', '+08613800138000'],
    ['an empty string', ''],
  ])('rejects %s (%s)', (_name, input) => {
    expect(normaliseMsisdn(input)).toBeNull();
  });
});

describe('residentIdProblem', () => {
  // Numbered, not named: test titles end up in logs, and these are (demo) personal data.
  it.each(demoResidentIds)('accepts demo resident ID no. %#', (id) => {
    expect(residentIdProblem(id)).toBeNull();
    expect(residentIdProblem(id, '2026-11-25')).toBeNull();
  });

  it.each([
    ['a lower-case x as check character', '11010519491231002x', 'format'],
    ['17 characters', '11010519491231002', 'format'],
    ['19 characters', '11010519491231002X0', 'format'],
    ['an X inside the number', '1101051949123X002X', 'format'],
    ['the 15-digit first-generation form', '110105491231002', 'format'],
    ['surrounding spaces', ' 11010519491231002X', 'format'],
    ['February 30', residentId('11010519490230002'), 'birth_date'],
    ['month 13', residentId('11010519491301002'), 'birth_date'],
    ['day 00', residentId('11010519491200002'), 'birth_date'],
    ['February 29 in a common year', residentId('11010519490229002'), 'birth_date'],
    ['a birth year of 1899', residentId('11010518991231002'), 'birth_date'],
    ['a wrong check digit', '110105194912310021', 'check_digit'],
    ['an X where a digit belongs', '31011519880315422X', 'check_digit'],
  ] as const)('reports %s with its problem kind', (_name, id, problem) => {
    expect(residentIdProblem(id)).toBe(problem);
  });

  it('accepts February 29 in a leap year', () => {
    expect(residentIdProblem(residentId('11010520000229002'))).toBeNull();
  });

  it('rejects a birth date after today only when today is given', () => {
    const born = residentId('11010520261126001');
    expect(residentIdProblem(born, '2026-11-25')).toBe('birth_date');
    expect(residentIdProblem(born, '2026-11-26')).toBeNull();
    expect(residentIdProblem(born)).toBeNull();
  });

  const seed = 11_643;
  it(`accepts the GB 11643 check character and no other for 500 random IDs (seed ${seed})`, () => {
    const rnd = mulberry32(seed);
    const from = Date.UTC(1900, 0, 1);
    const to = Date.UTC(2026, 10, 25);
    for (let n = 0; n < 500; n++) {
      const birth = new Date(from + Math.floor(rnd() * ((to - from) / 86_400_000 + 1)) * 86_400_000);
      const first17 = `${int(rnd, 1, 9)}${digits(rnd, 5)}${birth.toISOString().slice(0, 10).replace(/-/g, '')}${digits(rnd, 3)}`;
      const check = residentIdCheckChar(first17);
      expect(check, first17).toMatch(/^[\dX]$/);
      expect(residentIdProblem(first17 + check, '2026-11-25'), first17 + check).toBeNull();
      for (const other of '0123456789X') {
        if (other === check) continue;
        expect(residentIdProblem(first17 + other, '2026-11-25'), first17 + other).toBe('check_digit');
      }
    }
  });

  it('explains each resident ID problem in words', () => {
    expect(idNumberProblem('cn_resident_id', '11010519491231002X')).toBeNull();
    expect(idNumberProblem('cn_resident_id', '11010519491231002x')).toMatch(/upper-case X/);
    expect(idNumberProblem('cn_resident_id', residentId('11010519490230002'))).toMatch(/birth date/);
    expect(idNumberProblem('cn_resident_id', '110105194912310021')).toMatch(/check digit/);
  });
});

describe('isValidIccid', () => {
  it.each(demoIccids)('accepts the demo ICCID %s', (iccid) => {
    expect(isValidIccid(iccid)).toBe(true);
  });

  it('rejects every single-digit error in the demo ICCIDs (Luhn)', () => {
    for (const iccid of demoIccids) {
      for (let i = 0; i < iccid.length; i++) {
        for (let d = 0; d <= 9; d++) {
          if (String(d) === iccid[i]) continue;
          const typo = iccid.slice(0, i) + d + iccid.slice(i + 1);
          if (isValidIccid(typo)) expect.fail(`${iccid} → ${typo} was accepted`);
          if (isLuhnValid(typo)) expect.fail(`${typo} passes Luhn`);
        }
      }
    }
  });

  it('accepts 19 and 20 digits and rejects 18 and 21, even with a correct Luhn digit', () => {
    for (const length of [18, 19, 20, 21]) {
      const body = '89860010000000000000'.slice(0, length - 1);
      const iccid = body + luhnCheckDigit(body);
      expect(isLuhnValid(iccid), iccid).toBe(true);
      expect(isValidIccid(iccid), iccid).toBe(length === 19 || length === 20);
    }
  });

  it('rejects a Luhn-valid number that does not start with 89', () => {
    for (const prefix of ['88', '98', '01', '90']) {
      const body = prefix + '86001000000000001';
      const iccid = body + luhnCheckDigit(body);
      expect(isLuhnValid(iccid), iccid).toBe(true);
      expect(isValidIccid(iccid), iccid).toBe(false);
    }
  });

  it('rejects letters and spaces', () => {
    expect(isValidIccid('898600100000000001F')).toBe(false);
    expect(isValidIccid('8986 0010 0000 0000 019')).toBe(false);
    expect(isLuhnValid('')).toBe(false);
  });
});

describe('passport and other documents', () => {
  it.each([
    ['123456780', true],
    ['E12345678', true],
    ['G1234', true],
    ['A1B2C3D4E5F6G7H8I9J0', true],
    ['e12345678', false], // upper case as printed
    ['1234', false],
    ['A1B2C3D4E5F6G7H8I9J0K', false],
    ['E1234-5678', false],
    ['E 12345678', false],
  ])('passport number %s valid: %s', (n, valid) => {
    expect(isValidPassportNumber(n)).toBe(valid);
    expect(idNumberProblem('passport', n) === null).toBe(valid);
  });

  it.each([
    ['AB-12', true],
    ['证件-123', true],
    ['X1Y', true],
    ['ab', false],
    ['A'.repeat(33), false],
    ['AB 12', false],
    ['AB/12', false],
  ])('other document number %s valid: %s', (n, valid) => {
    expect(idNumberProblem('other', n) === null).toBe(valid);
  });
});

describe('foldName', () => {
  it.each([
    ['full-width letters and an ideographic space', 'Ｏｌｉｖｅｒ　Ｓｍｉｔｈ', 'oliver smith'],
    ['collapsed and trimmed whitespace', '  Oliver \t\n Smith  ', 'oliver smith'],
    ['upper case', 'OLIVER SMITH', 'oliver smith'],
    ['mixed full-width and ASCII', 'ＺＨＡＮＧ　Wei', 'zhang wei'],
    ['Chinese characters unchanged', ' 张伟 ', '张伟'],
  ])('folds %s', (_name, input, folded) => {
    expect(foldName(input)).toBe(folded);
  });

  it('makes the demo names equal to their full-width, spaced-out forms', () => {
    expect(foldName('Ｏｌｉｖｅｒ　　ＳＭＩＴＨ')).toBe(foldName('Oliver Smith'));
    expect(foldEmail(' Zhang.Wei@Example.COM ')).toBe('zhang.wei@example.com');
  });
});

describe('masks', () => {
  it('keeps the region code and the last four characters of a resident ID', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
  });

  it('keeps only the last four characters of other documents', () => {
    expect(maskIdNumber('123456789')).toBe('*****6789');
    expect(maskIdNumber('AB12')).toBe('****');
    expect(maskIdNumber('AB1')).toBe('***');
  });

  it('keeps the first letter and the domain of an e-mail address', () => {
    expect(maskEmail('zhang.wei@example.com')).toBe('z***@example.com');
    expect(maskEmail('oliver.smith@example.co.uk')).toBe('o***@example.co.uk');
    expect(maskEmail('no-at-sign')).toBe('***');
    expect(maskEmail('@example.com')).toBe('***');
  });

  it('hides four digits before the last four of a mobile number', () => {
    expect(maskMsisdn('+8613800138000')).toBe('+86138****8000');
    expect(maskMsisdn('+447400123456')).toBe('+4474****3456');
    expect(maskMsisdn('+123456')).toBe('+****56');
    for (const msisdn of demoMsisdns) {
      const masked = maskMsisdn(msisdn);
      expect(masked).toHaveLength(msisdn.length);
      expect(masked.endsWith(msisdn.slice(-4))).toBe(true);
      expect(masked).toContain('****');
    }
  });
});

describe('parseIsoInstant', () => {
  it.each([
    ['2026-09-30T19:00:00+08:00', '2026-09-30T11:00:00.000Z'],
    ['2026-09-30T19:00+08:00', '2026-09-30T11:00:00.000Z'],
    ['2026-07-01T17:30:00.123Z', '2026-07-01T17:30:00.123Z'],
  ])('reads %s as %s', (text, iso) => {
    expect(parseIsoInstant(text)?.toISOString()).toBe(iso);
  });
  it.each(['2026-09-30T19:00:00', '2026-02-30T10:00:00Z', '2026-09-30 19:00:00+08:00', '2026-09-30T24:00:00Z', 'yesterday', ''])('refuses %j', (text) => {
    expect(parseIsoInstant(text)).toBeNull();
  });
});

describe('maskName', () => {
  it.each([
    ['赵敏', '赵*'],
    ['欧阳娜娜', '欧***'],
    ['钱 多', '钱*'],
    ['Harriet Vane', 'H*** V***'],
    ['  peter   wimsey ', 'p*** w***'],
    ['Ｈａｒｒｉｅｔ', 'H***'],
    ['王', '王*'],
  ])('masks %s as %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });
});
