/**
 * What an incoming text to the short code asks for (CONTRACT §7). Phones send keywords in every
 * shape — full-width letters from a Chinese keyboard, lower case, a trailing "!" or emoji, the
 * code typed with or without a space — so the text is folded (NFKC, upper case, no spaces)
 * before it is compared; anything that is not clearly a keyword is answered with the help text.
 */
export type SmsCommand =
  | { kind: 'cancel' }
  | { kind: 'confirm'; code: string }
  | { kind: 'info' }
  | { kind: 'status' }
  | { kind: 'help' };

export type SmsCommandKind = SmsCommand['kind'];
export const smsCommandKinds = ['cancel', 'confirm', 'info', 'status', 'help'] as const satisfies readonly SmsCommandKind[];

/** What answering a text came to: the closed set the SMS room, its audit rows and POST /dev/sms use. */
export const smsOutcomes = [
  'ignored', // not to our short code, or from nothing a reply can go to
  'throttled', // too many texts from this number: no reply (two auto-responders must not talk forever)
  'help',
  'info',
  'code_issued',
  'case_opened',
  'case_already_open',
  'code_wrong',
  'code_spent',
  'renewed', // the pre-check gained an item since the code was sent: new information and a new code
  'status',
] as const;
export type SmsOutcome = (typeof smsOutcomes)[number];

/** No keyword, however decorated, comes near this; a longer text is chat, not a command. */
export const longestKeywordText = 160;

// Traditional forms too (註銷, 確認, 查詢, 進度): NFKC does not fold them into the simplified ones.
const keywords: [RegExp, SmsCommandKind][] = [
  [/^(?:注销|註銷|CANCEL|STAC)$/, 'cancel'],
  [/^(?:INFO|查询|查詢)$/, 'info'],
  [/^(?:进度|進度|STATUS)$/, 'status'],
];
const confirm = /^(?:确认|確認|YES)[:,.\-、]?(\d{6})$/;

// Around the keyword: spaces, punctuation, symbols (emoji among them), marks, invisible characters.
const edges = /^[\s\p{P}\p{S}\p{M}\p{C}]+|[\s\p{P}\p{S}\p{M}\p{C}]+$/gu;
// Inside it: spaces ("YES 123456", "C A N C E L") and invisible formatting characters phones insert.
const inner = /[\s\p{Cf}]+/gu;

/** Reads a text as a command; what no keyword matches is `help`. Pure and total: never throws. */
export function parseSmsCommand(text: string): SmsCommand {
  if (text.length > longestKeywordText * 4) return { kind: 'help' };
  const folded = text.normalize('NFKC').replace(edges, '').replace(inner, '').toUpperCase();
  if (folded.length === 0 || folded.length > longestKeywordText) return { kind: 'help' };
  for (const [pattern, kind] of keywords) if (pattern.test(folded)) return { kind } as SmsCommand;
  const m = confirm.exec(folded);
  if (m) return { kind: 'confirm', code: m[1]! };
  return { kind: 'help' };
}
