import type { Pdu } from 'smpp';
import { ConcatAssembler } from './assembler.js';
import { concatInfo, phoneNumber } from './encoding.js';
import { receiptOutcome, type ReceiptOutcome } from './receipt-text.js';
import type { ReceiptTracker } from './receipts.js';
import { ESME_ROK, ESME_RX_T_APPN } from './status.js';

/** A text a phone sent to one of our numbers. */
export interface IncomingText {
  /** The phone's number, E.164 ('+8613800138000'). */
  from: string;
  /** Our number it was sent to, digits as the SMS centre gave them (the short code). */
  to: string;
  text: string;
  receivedAt: Date;
}

export interface SmppLog {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface IncomingOptions {
  log: SmppLog;
  receipts: ReceiptTracker;
  concatTimeoutMs: number;
  onIncoming?: ((text: IncomingText) => void | Promise<void>) | undefined;
  onReceipt?: ((receipt: ReceiptOutcome) => void | Promise<void>) | undefined;
  now?: () => Date;
}

/** esm_class bits 2–5: 0x04 is an SMS centre's delivery receipt, other values other acknowledgements. */
const MESSAGE_TYPE = 0x3c;
const DELIVERY_RECEIPT = 0x04;

/**
 * Reads deliver_sm: delivery receipts to onReceipt, texts from phones (long ones joined) to
 * onIncoming. Answers with the command_status for deliver_sm_resp: ESME_RX_T_APPN when our side
 * could not take it (the callback threw), so the SMS centre offers it again later instead of
 * it being lost. Callbacks' errors are logged and never escape.
 */
export class IncomingHandler {
  private readonly assembler: ConcatAssembler;

  constructor(private readonly opts: IncomingOptions) {
    this.assembler = new ConcatAssembler({
      timeoutMs: opts.concatTimeoutMs,
      onExpired: ({ from, to, text, missing }) => {
        opts.log.warn({ missing }, 'SMPP: parts of an incoming text never came; handing over the rest');
        void this.hand(() => opts.onIncoming?.({ from, to, text, receivedAt: this.now() }), 'incoming text');
      },
    });
  }

  async deliverSm(pdu: Pdu): Promise<number> {
    const esm = typeof pdu.esm_class === 'number' ? pdu.esm_class : 0;
    const body = messageOf(pdu.short_message);
    const payload = messageOf(pdu.message_payload);
    const text = payload?.text || body?.text || '';
    if ((esm & MESSAGE_TYPE) === DELIVERY_RECEIPT) return this.receipt(pdu, text);
    if ((esm & MESSAGE_TYPE) !== 0) return ESME_ROK; // manual/user acknowledgements: nothing to do
    const from = phoneNumber(str(pdu.source_addr));
    const to = str(pdu.destination_addr);
    const concat = body && !payload ? concatInfo(body.udh) : null;
    if (!concat || concat.total === 1) return (await this.text({ from, to, text })) ? ESME_ROK : ESME_RX_T_APPN;
    const whole = this.assembler.add({ from, to, concat, text });
    if (!whole) return ESME_ROK;
    if (!(await this.text({ from, to, text: whole.text }))) return ESME_RX_T_APPN;
    this.assembler.delivered(whole.key);
    return ESME_ROK;
  }

  close(): void {
    this.assembler.clear();
  }

  private async receipt(pdu: Pdu, text: string): Promise<number> {
    const outcome = receiptOutcome(text, { receiptedMessageId: pdu.receipted_message_id, messageState: pdu.message_state });
    if (!outcome) {
      this.opts.log.debug({}, 'SMPP: a receipt with no final state (en route or unreadable)');
      return ESME_ROK;
    }
    const r = this.opts.receipts.receipt(outcome);
    if (!r) return ESME_ROK; // a part of a long text; the others decide
    const taken = this.opts.onReceipt ? await this.hand(() => this.opts.onReceipt?.(r.report), 'receipt') : true;
    if (!taken) return ESME_RX_T_APPN;
    r.commit();
    return ESME_ROK;
  }

  private text(t: Omit<IncomingText, 'receivedAt'>): Promise<boolean> {
    if (!this.opts.onIncoming) {
      this.opts.log.warn({}, 'SMPP: an incoming text and nobody to take it; dropped');
      return Promise.resolve(true);
    }
    return this.hand(() => this.opts.onIncoming?.({ ...t, receivedAt: this.now() }), 'incoming text');
  }

  private async hand(fn: () => void | Promise<void> | undefined, what: string): Promise<boolean> {
    try {
      await fn();
      return true;
    } catch (err) {
      this.opts.log.error({ err }, `SMPP: handing over a ${what} failed; the SMS centre is asked to send it again`);
      return false;
    }
  }

  private now(): Date {
    return this.opts.now?.() ?? new Date();
  }
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * short_message / message_payload as the smpp package decodes them: `{udh?, message}` with the
 * text decoded by data_coding (8: UCS-2; 0 and 1: the GSM default alphabet, which equals ASCII
 * for letters, digits and common punctuation; 3: Latin-1). Bytes it cannot decode are read as
 * Latin-1.
 */
function messageOf(v: unknown): { udh: Buffer[]; text: string } | null {
  if (Buffer.isBuffer(v)) return { udh: [], text: v.toString('latin1') };
  if (!v || typeof v !== 'object' || !('message' in v)) return null;
  const { message, udh } = v as { message: unknown; udh?: unknown };
  const text = typeof message === 'string' ? message : Buffer.isBuffer(message) ? message.toString('latin1') : '';
  return { udh: Array.isArray(udh) ? udh.filter((u): u is Buffer => Buffer.isBuffer(u)) : [], text };
}
