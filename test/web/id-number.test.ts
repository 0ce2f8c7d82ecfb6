import { describe, expect, it } from 'vitest';
import { identityNumber } from '../../src/http/schemas.js';
import { idNumberProblem, tidyIdNumber } from '../../web/portal/src/id-number.js';

/*
 * /verify checks a resident ID in the browser with the server's own function: for what the
 * browser sends (tidyIdNumber), it refuses a resident ID exactly when the server's edge schema
 * (src/http/schemas.ts identityNumber) does, and leaves passports and other numbers to the server.
 */

const today = '2026-12-04';
const server = (v: string) => identityNumber.safeParse(v).success;

describe('the ID number on /verify', () => {
  it('refuses every wrong check digit of a resident ID, as the server does, and takes the right one', () => {
    const first17 = '11010519491231002';
    const verdicts = [...'0123456789X'].map((c) => [c, idNumberProblem(first17 + c, today), server(first17 + c)] as const);
    expect(verdicts.filter(([, browser]) => browser === null).map(([c]) => c)).toEqual(['X']);
    for (const [c, browser, accepted] of verdicts) {
      expect(browser === null, `check character ${c}`).toBe(accepted);
      if (browser !== null) expect(browser).toBe('check_digit');
    }
  });

  it('refuses an impossible birth date inside a resident ID, as the server does', () => {
    // 30 February 1990, with the check character that would otherwise fit.
    for (const id of ['110105199002300014', '110105199002300016', '11010520991231001X']) {
      const browser = idNumberProblem(id, today);
      expect(browser === null, id).toBe(server(id));
    }
    expect(idNumberProblem('110105199002300014', today)).toBe('birth_date');
  });

  it('writes a final lower-case x upper-case, as printed, and then agrees with the server', () => {
    expect(tidyIdNumber(' 11010519491231002x ')).toBe('11010519491231002X');
    expect(idNumberProblem('11010519491231002x', today)).toBeNull();
    expect(server(tidyIdNumber('11010519491231002x'))).toBe(true);
  });

  it('keeps the rule of passports and other documents: required here, the rest on the server', () => {
    expect(idNumberProblem('   ', today)).toBe('required');
    for (const n of ['123456789', 'E12345678', 'AB-1234', '1101051949123100']) expect(idNumberProblem(n, today), n).toBeNull();
    expect(tidyIdNumber('e12345678')).toBe('e12345678');
  });
});
