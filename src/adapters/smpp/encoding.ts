/**
 * How a text becomes SMS parts and back, with no I/O: what fits in data_coding 0, the UCS-2
 * split, the concatenation header (UDH) a phone joins by, and the address forms of SMPP 3.4.
 */

/** SMPP data_coding: 0 is the SMS centre's default alphabet, 8 is UCS-2 (UTF-16BE). */
export type DataCoding = 0 | 8;

export interface SmsPart {
  dataCoding: DataCoding;
  /** esm_class: 0x40 when the part starts with a user data header. */
  esmClass: number;
  /** The whole short_message: UDH (if any) followed by the encoded text. */
  shortMessage: Buffer;
  /** The part's own text, for logs and tests. */
  text: string;
}

/**
 * Characters with the same code in ASCII and in the GSM 03.38 default alphabet, so data_coding 0
 * reads the same whether the SMS centre takes it as GSM (unpacked) or as ASCII/Latin-1. `@`, `$`,
 * `_` and the brackets differ between the two and go as UCS-2 instead.
 */
const GSM_SAFE = /^[A-Za-z0-9 \r\n!"#%&'()*+,\-./:;<=>?]*$/;

export const isGsmSafe = (text: string): boolean => GSM_SAFE.test(text);

/** Characters per part: alone, and as one of several (the 6-byte UDH takes the difference). */
export const PART_LIMITS = {
  0: { single: 160, concatenated: 153 },
  8: { single: 70, concatenated: 67 },
} as const;

/** An 8-bit reference ties the parts together: at most 255 of them. */
export const MAX_PARTS = 255;

export class TextTooLongError extends Error {
  constructor(readonly parts: number) {
    super(`text needs ${parts} SMS parts; at most ${MAX_PARTS} can be joined`);
    this.name = 'TextTooLongError';
  }
}

/**
 * Splits a text into the short_message bytes of its parts. Several parts carry the UDH
 * `05 00 03 ref total seq` (IEI 0x00: concatenation, 8-bit reference) and esm_class 0x40; UCS-2
 * parts never cut a surrogate pair (an emoji) in two.
 */
export function splitForSms(text: string, reference: number): SmsPart[] {
  const dataCoding: DataCoding = isGsmSafe(text) ? 0 : 8;
  const limits = PART_LIMITS[dataCoding];
  const chunks = text.length <= limits.single ? [text] : chunk(text, limits.concatenated);
  if (chunks.length > MAX_PARTS) throw new TextTooLongError(chunks.length);
  const encode = (s: string) => (dataCoding === 0 ? Buffer.from(s, 'latin1') : utf16be(s));
  if (chunks.length === 1) return [{ dataCoding, esmClass: 0, shortMessage: encode(text), text }];
  const ref = reference & 0xff;
  return chunks.map((part, i) => ({
    dataCoding,
    esmClass: 0x40,
    shortMessage: Buffer.concat([Buffer.from([0x05, 0x00, 0x03, ref, chunks.length, i + 1]), encode(part)]),
    text: part,
  }));
}

function chunk(text: string, size: number): string[] {
  const out: string[] = [];
  let at = 0;
  while (at < text.length) {
    let end = Math.min(text.length, at + size);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1; // keep the pair together
    out.push(text.slice(at, end));
    at = end;
  }
  return out;
}

export function utf16be(text: string): Buffer {
  const b = Buffer.from(text, 'utf16le');
  return b.swap16();
}

export function fromUtf16be(bytes: Buffer): string {
  const even = Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2)));
  return even.swap16().toString('utf16le');
}

/** Where a part sits in a concatenated text, read from its UDH information elements. */
export interface ConcatInfo {
  reference: number;
  total: number;
  sequence: number;
}

/**
 * Reads IEI 0x00 (8-bit reference) or 0x08 (16-bit reference) from a list of information
 * elements (each `[iei, length, …data]`, the form the smpp package hands them over in).
 */
export function concatInfo(elements: readonly Buffer[]): ConcatInfo | null {
  for (const ie of elements) {
    if (ie[0] === 0x00 && ie[1] === 3 && ie.length >= 5) return valid({ reference: ie[2]!, total: ie[3]!, sequence: ie[4]! });
    if (ie[0] === 0x08 && ie[1] === 4 && ie.length >= 6) return valid({ reference: ie.readUInt16BE(2), total: ie[4]!, sequence: ie[5]! });
  }
  return null;
}

const valid = (c: ConcatInfo) => (c.total >= 1 && c.sequence >= 1 && c.sequence <= c.total ? c : null);

/** Splits a raw UDH (length byte first) into its information elements. */
export function udhElements(udh: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let at = 1;
  const end = Math.min(udh.length, 1 + (udh[0] ?? 0));
  while (at + 2 <= end) {
    const len = udh[at + 1]!;
    out.push(udh.subarray(at, at + 2 + len));
    at += 2 + len;
  }
  return out;
}

/** An E.164 number ('+8613800138000', spaces allowed) as SMPP international digits, or null. */
export function internationalDigits(msisdn: string): string | null {
  const digits = msisdn.replace(/[\s()-]/g, '').replace(/^\+|^00/, '');
  return /^[1-9]\d{6,14}$/.test(digits) ? digits : null;
}

/** TON/NPI for a sender: '+digits' international, digits a short code (network specific), else alphanumeric. */
export function sourceAddress(source: string): { addr: string; ton: number; npi: number } {
  if (/^\+\d+$/.test(source)) return { addr: source.slice(1), ton: 1, npi: 1 };
  if (/^\d+$/.test(source)) return { addr: source, ton: 3, npi: 0 };
  return { addr: source.slice(0, 11), ton: 5, npi: 0 };
}

/** A phone's number from deliver_sm as E.164: '+' and its digits. */
export const phoneNumber = (addr: string): string => `+${addr.replace(/\D/g, '').replace(/^00/, '')}`;
