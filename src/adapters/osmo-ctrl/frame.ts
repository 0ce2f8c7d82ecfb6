/**
 * The Osmocom control interface (CTRL) on the wire, without I/O: each message is an IPA frame
 * `[length u16 BE][0xEE][0x00][ASCII text]` where the length counts the 0x00 extension byte
 * and the text (not itself, not the 0xEE). The text is `GET <id> <var>`, `SET <id> <var> <val>`
 * one way and `GET_REPLY|SET_REPLY <id> <var> <val>`, `ERROR <id> <reason>`, `TRAP <id> <var>
 * <val>` the other.
 */

const IPA_PROTO_OSMO = 0xee;
const IPA_EXT_CTRL = 0x00;
const HEADER = 3; // length (2) + protocol (1); the extension byte is counted in the length
const MAX_LENGTH = 0xffff;

/** The peer sent bytes that are not CTRL: the connection cannot be trusted any more. */
export class FrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FrameError';
  }
}

export function encodeFrame(text: string): Buffer {
  // Non-ASCII would change the byte count and the HLR would read it as garbage anyway.
  if (!/^[\x20-\x7e]*$/.test(text)) throw new FrameError(`CTRL text must be printable ASCII: ${JSON.stringify(text)}`);
  const length = 1 + text.length;
  if (length > MAX_LENGTH) throw new FrameError(`CTRL text of ${text.length} bytes does not fit one frame`);
  const frame = Buffer.alloc(HEADER + length);
  frame.writeUInt16BE(length, 0);
  frame[2] = IPA_PROTO_OSMO;
  frame[3] = IPA_EXT_CTRL;
  frame.write(text, HEADER + 1, 'latin1');
  return frame;
}

/**
 * Cuts a TCP byte stream into CTRL texts: a frame may arrive in pieces, several may arrive in
 * one chunk. After a FrameError the stream is out of step for good; the decoder stays failed.
 */
export class FrameDecoder {
  private pending: Buffer = Buffer.alloc(0);
  private failure: FrameError | null = null;

  push(chunk: Buffer): string[] {
    if (this.failure) throw this.failure;
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const texts: string[] = [];
    while (this.pending.length >= HEADER) {
      const length = this.pending.readUInt16BE(0);
      const proto = this.pending[2]!;
      // Checked before waiting for the body, so garbage fails at once instead of stalling.
      if (proto !== IPA_PROTO_OSMO) return this.fail(`wrong protocol byte 0x${hex(proto)} (expected 0xee): not a CTRL peer or out of step`);
      if (length < 2) return this.fail(`frame length ${length} cannot be right (a CTRL frame holds the extension byte and some text)`);
      if (this.pending.length >= HEADER + 1 && this.pending[HEADER] !== IPA_EXT_CTRL) {
        return this.fail(`wrong extension byte 0x${hex(this.pending[HEADER]!)} (expected 0x00 for CTRL)`);
      }
      if (this.pending.length < HEADER + length) break;
      let text = this.pending.toString('latin1', HEADER + 1, HEADER + length);
      // Some libosmocore versions end the text with a NUL; it is not part of the message.
      if (text.endsWith('\0')) text = text.slice(0, -1);
      texts.push(text);
      this.pending = this.pending.subarray(HEADER + length);
    }
    return texts;
  }

  /** Bytes of a frame not complete yet (a peer that closes mid-frame leaves some). */
  get buffered(): number {
    return this.pending.length;
  }

  private fail(message: string): never {
    this.failure = new FrameError(message);
    throw this.failure;
  }
}

const hex = (b: number) => b.toString(16).padStart(2, '0');

export type CtrlReply =
  | { type: 'GET_REPLY' | 'SET_REPLY'; id: string; variable: string; value: string }
  | { type: 'ERROR'; id: string; reason: string }
  | { type: 'TRAP'; id: string; variable: string; value: string };

/**
 * Reads one answer. The value is everything after the variable and one space, newlines
 * included: `info` answers start with "\n" and hold one `key\tvalue` per line.
 */
export function parseReply(text: string): CtrlReply {
  const [type, id, rest] = splitOnce(text, 2);
  if (type === undefined || id === undefined || id === '') throw new FrameError(`unreadable CTRL answer: ${preview(text)}`);
  if (type === 'ERROR') return { type, id, reason: rest ?? '' };
  if (type === 'GET_REPLY' || type === 'SET_REPLY' || type === 'TRAP') {
    const [variable, value] = splitOnce(rest ?? '', 1);
    if (!variable) throw new FrameError(`CTRL ${type} without a variable: ${preview(text)}`);
    return { type, id, variable, value: value ?? '' };
  }
  throw new FrameError(`unknown CTRL answer type: ${preview(text)}`);
}

/** Splits off `n` space-separated words; the remainder (spaces and all) comes last. */
function splitOnce(text: string, n: number): (string | undefined)[] {
  const parts: (string | undefined)[] = [];
  let rest: string | undefined = text;
  for (let i = 0; i < n && rest !== undefined; i++) {
    const at = rest.indexOf(' ');
    parts.push(at < 0 ? rest : rest.slice(0, at));
    rest = at < 0 ? undefined : rest.slice(at + 1);
  }
  parts.push(rest);
  return parts;
}

const preview = (text: string) => JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);

/** What osmo-hlr's `subscriber.by-….info` says about a subscriber, as far as lastcall cares. */
export interface SubscriberInfo {
  imsi: string;
  /** Digits as the HLR stores them (no '+'); null when the subscriber has none. */
  msisdn: string | null;
  csEnabled: boolean;
  psEnabled: boolean;
}

/** Parses the `info` body: one `key\tvalue` per line; `msisdn` is left out when there is none. */
export function parseInfo(body: string): SubscriberInfo {
  const fields = new Map<string, string>();
  for (const line of body.split('\n')) {
    if (line.trim() === '') continue;
    const tab = line.indexOf('\t');
    if (tab < 0) throw new FrameError(`subscriber info line without a tab: ${preview(line)}`);
    fields.set(line.slice(0, tab), line.slice(tab + 1));
  }
  const imsi = fields.get('imsi');
  if (!imsi) throw new FrameError(`subscriber info without an imsi: ${preview(body)}`);
  const msisdn = fields.get('msisdn');
  return { imsi, msisdn: msisdn ? msisdn : null, csEnabled: flag(fields, 'nam_cs'), psEnabled: flag(fields, 'nam_ps') };
}

function flag(fields: Map<string, string>, key: string): boolean {
  const v = fields.get(key);
  if (v === '1') return true;
  if (v === '0') return false;
  throw new FrameError(`subscriber info ${key} is ${v === undefined ? 'missing' : JSON.stringify(v)}, expected 0 or 1`);
}
