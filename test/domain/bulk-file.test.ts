import { describe, expect, it } from 'vitest';
import { BulkInputError, checkBulkReason, parseBulkFile } from '../../src/domain/bulk-file.js';

describe('checkBulkReason', () => {
  it('keeps a reason of one line, trimmed', () => {
    expect(checkBulkReason('  2G 网络关停  ')).toBe('2G 网络关停');
  });

  it.each([
    ['empty', '   '],
    ['too long', 'x'.repeat(501)],
    ['a line break', 'one\ntwo'],
    ['a carriage return', 'one\rtwo'],
    // The notices are rendered once per language with control characters standing in for each
    // line's number and reference: a reason holding one could not be told from them.
    ['a control character', 'switch-off \u0001msisdn\u0001'],
    ['a tab', 'a\tb'],
    ['DEL', 'a\u007fb'],
  ])('refuses %s', (_, reason) => {
    expect(() => checkBulkReason(reason)).toThrow(BulkInputError);
  });
});

describe('parseBulkFile', () => {
  it('reads the msisdn column, mends spreadsheet spellings, and marks repeats and non-numbers', () => {
    const lines = parseBulkFile('name,MSISDN\nA,+8613800000001\nB,86 138-0000-0002\nC,+8613800000001\nD,hello\n');
    expect(lines).toEqual([
      { index: 1, line: 2, msisdn: '+8613800000001' },
      { index: 2, line: 3, msisdn: '+8613800000002' },
      { index: 3, line: 4, msisdn: '+8613800000001', verdict: { outcome: 'skipped', reason: 'duplicate', detail: 'listed before on line 2' } },
      { index: 4, line: 5, msisdn: 'hello', verdict: { outcome: 'failed', detail: 'msisdn: "hello" is not an E.164 number' } },
    ]);
  });

  it('names the first line of a number however often and however spelt it comes again; a non-number is never a repeat', () => {
    const lines = parseBulkFile('msisdn\n86 138 0000 0003\nx\n+8613800000004\n+8613800000003\nx\n8613800000003\n');
    expect(lines.map((l) => [l.msisdn, l.verdict?.outcome ?? 'ok', l.verdict && 'reason' in l.verdict ? l.verdict.detail : ''])).toEqual([
      ['+8613800000003', 'ok', ''],
      ['x', 'failed', ''],
      ['+8613800000004', 'ok', ''],
      ['+8613800000003', 'skipped', 'listed before on line 2'],
      ['x', 'failed', ''],
      ['+8613800000003', 'skipped', 'listed before on line 2'],
    ]);
  });

  it('refuses a file without an msisdn column or without lines', () => {
    expect(() => parseBulkFile('number\n+8613800000001\n')).toThrow(/no msisdn column/);
    expect(() => parseBulkFile('msisdn\n')).toThrow(/lists no lines/);
  });
});
