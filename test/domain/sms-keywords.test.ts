import { describe, expect, it } from 'vitest';
import { parseSmsCommand, type SmsCommand } from '../../src/domain/sms-keywords.js';
import { int, mulberry32 } from '../support/random.js';

const cancel: SmsCommand = { kind: 'cancel' };
const info: SmsCommand = { kind: 'info' };
const status: SmsCommand = { kind: 'status' };
const help: SmsCommand = { kind: 'help' };
const confirm = (code: string): SmsCommand => ({ kind: 'confirm', code });

// [what a phone sent, what it asks for]
const rows: [string, SmsCommand][] = [
  // cancel, in every shape a keyboard produces
  ['注销', cancel],
  ['CANCEL', cancel],
  ['cancel', cancel],
  ['Cancel', cancel],
  ['cAnCeL', cancel],
  ['STAC', cancel],
  ['stac', cancel],
  ['Stac', cancel],
  ['ＣＡＮＣＥＬ', cancel],
  ['ｃａｎｃｅｌ', cancel],
  ['Ｃ Ａ Ｎ Ｃ Ｅ Ｌ', cancel],
  ['ＳＴＡＣ', cancel],
  ['  注销  ', cancel],
  ['注销。', cancel],
  ['注销！', cancel],
  ['「注销」', cancel],
  ['【注销】', cancel],
  ['cancel!', cancel],
  ['STAC.', cancel],
  ['\t注销\r\n', cancel],
  ['　注销　', cancel],
  ['注销 🙏', cancel],
  ['👋 STAC 👋', cancel],
  ['\u200b注销\ufeff', cancel],
  ['註銷', cancel],
  ['注 销', cancel],
  // confirm with the code
  ['确认 123456', confirm('123456')],
  ['确认123456', confirm('123456')],
  ['确认　１２３４５６', confirm('123456')],
  ['确认：123456', confirm('123456')],
  ['确认,123456', confirm('123456')],
  ['确认，１２３４５６。', confirm('123456')],
  ['YES 123456', confirm('123456')],
  ['yes 123456', confirm('123456')],
  ['Yes123456', confirm('123456')],
  ['ＹＥＳ　０００１２３', confirm('000123')],
  ['YES 123 456', confirm('123456')],
  ['YES-654321', confirm('654321')],
  [' yes 123456 !', confirm('123456')],
  ['確認 123456', confirm('123456')],
  // confirm that is not quite: no code, a short or long code, other digits → help explains
  ['确认', help],
  ['YES', help],
  ['yes 12345', help],
  ['YES 1234567', help],
  ['YES 12345a', help],
  ['YES ١٢٣٤٥٦', help],
  ['123456', help],
  ['YES YES 123456', help],
  // info and status
  ['INFO', info],
  ['info', info],
  ['Ｉｎｆｏ', info],
  ['查询', info],
  ['查询？', info],
  ['查詢', info],
  ['进度', status],
  ['進度', status],
  ['STATUS', status],
  ['status', status],
  ['ＳＴＡＴＵＳ', status],
  ['status?', status],
  // anything else
  ['', help],
  ['   ', help],
  ['🙂', help],
  ['注销号码', help],
  ['我要注销', help],
  ['cancel my number please', help],
  ['CANCELL', help],
  ['STOP', help],
  ['HELP', help],
  ['注🙂销', help],
  ['CAN\u0000CEL', help],
  ['\u0000\u0001\u0002', help],
  ['注销'.repeat(100), help],
  ['x'.repeat(100_000), help],
  [`${' '.repeat(10_000)}注销`, help],
  ['\ud800注销', cancel],
  ['<script>alert(1)</script>', help],
  ["'; DROP TABLE cases; --", help],
];

describe('parseSmsCommand', () => {
  it.each(rows)('reads %j as %j', (text, expected) => {
    expect(parseSmsCommand(text)).toEqual(expected);
  });

  it('never throws and answers a kind, whatever arrives (seeded: a failure replays)', () => {
    const rnd = mulberry32(14);
    for (let i = 0; i < 2000; i++) {
      const text = Array.from({ length: i % 40 }, () => String.fromCharCode(int(rnd, 0, 0xffff))).join('');
      expect(['cancel', 'confirm', 'info', 'status', 'help']).toContain(parseSmsCommand(text).kind);
    }
  });
});
