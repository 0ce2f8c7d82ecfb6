import pino from 'pino';
import type { Pdu } from 'smpp';
import type { OutgoingMessage, SendResult, SmsTransport } from '../messages.js';
import { defaultBackoff, type BackoffOptions } from '../backoff.js';
import { OutsideError } from '../outside-error.js';
import { SmppConnection } from './connection.js';
import { internationalDigits, sourceAddress, splitForSms, TextTooLongError, type SmsPart } from './encoding.js';
import { IncomingHandler, type IncomingText, type SmppLog } from './incoming.js';
import { TokenBucket } from './rate.js';
import type { ReceiptOutcome } from './receipt-text.js';
import { ReceiptTracker } from './receipts.js';
import { ESME_RTHROTTLED, ESME_RX_T_APPN, permanent, temporary } from './status.js';
import { Submissions } from './submissions.js';
import { parseSmppUrl, type SmppEndpoint } from './url.js';

/**
 * lastcall's link to an operator's SMS centre (SMPP 3.4): one bind_transceiver for both ways.
 * Sends wait for a submit slot (rate per second, window in flight) only while bound; while not,
 * they fail at once as temporary so the outbox retries them later — nothing piles up in memory
 * through an outage. It connects as soon as it is made; close() unbinds and stops it.
 */
export interface SmppClientOptions {
  /** smpp://SYSTEM_ID:PASSWORD@HOST:PORT */
  url: string;
  /** The sender: our short code (TON 3, NPI 0), '+digits' (TON 1, NPI 1) or a name (TON 5). */
  source: string;
  /** submit_sm per second (default 50). */
  rate?: number;
  /** submit_sm awaiting their answer at once (default 10). */
  window?: number;
  /** Idle link check (default 30 s); no answer within responseTimeoutMs drops the connection. */
  enquireLinkMs?: number;
  /** For every request: connect, bind, submit, enquire_link (default 10 s). */
  responseTimeoutMs?: number;
  backoff?: Partial<BackoffOptions>;
  /** How long parts of an incoming long text wait for the rest (default 2 min). */
  concatTimeoutMs?: number;
  /** After ESME_RTHROTTLED, no submits for this long (default 1 s). */
  throttlePauseMs?: number;
  /** Parts waiting for a submit slot at most; beyond, sends fail as temporary (default 5000). */
  maxQueued?: number;
  log?: SmppLog;
  /** A text from a phone (long ones joined). Throwing asks the centre to send it again later. */
  onIncoming?: (text: IncomingText) => void | Promise<void>;
  /** A final delivery receipt, under the id send() returned. Throwing asks for it again later. */
  onReceipt?: (receipt: ReceiptOutcome) => void | Promise<void>;
  /** One call per send(): seconds until every part was answered (or it failed), and how it ended. */
  onSubmit?: (s: { seconds: number; outcome: 'accepted' | 'temporary' | 'permanent'; parts: number }) => void;
  random?: () => number;
}

export class SmppClient implements SmsTransport {
  readonly name = 'smpp';
  readonly endpoint: SmppEndpoint;
  private readonly log: SmppLog;
  private readonly random: () => number;
  private readonly responseTimeoutMs: number;
  private readonly receipts = new ReceiptTracker();
  private readonly connection: SmppConnection;
  private readonly incoming: IncomingHandler;
  private readonly submissions: Submissions;

  constructor(private readonly opts: SmppClientOptions) {
    this.endpoint = parseSmppUrl(opts.url);
    this.log = opts.log ?? pino({ level: 'silent' });
    this.random = opts.random ?? Math.random;
    this.responseTimeoutMs = opts.responseTimeoutMs ?? 10_000;
    this.incoming = new IncomingHandler({ log: this.log, receipts: this.receipts, concatTimeoutMs: opts.concatTimeoutMs ?? 120_000, onIncoming: opts.onIncoming, onReceipt: opts.onReceipt });
    const source = sourceAddress(opts.source);
    const fields = (destination: string, part: SmsPart) => ({
      source_addr_ton: source.ton,
      source_addr_npi: source.npi,
      source_addr: source.addr,
      dest_addr_ton: 1,
      dest_addr_npi: 1,
      destination_addr: destination,
      esm_class: part.esmClass,
      registered_delivery: 1,
      data_coding: part.dataCoding,
      short_message: part.shortMessage,
    });
    this.submissions = new Submissions({
      bucket: new TokenBucket(opts.rate ?? 50, Date.now()),
      window: Math.max(1, opts.window ?? 10),
      maxQueued: opts.maxQueued ?? 5000,
      receipts: this.receipts,
      fields,
      submit: (f) => this.connection.request('submit_sm', f),
      throttled: (status) => {
        if (status === ESME_RTHROTTLED) this.submissions.pause(opts.throttlePauseMs ?? 1000);
      },
    });
    this.connection = new SmppConnection({
      endpoint: this.endpoint,
      responseTimeoutMs: this.responseTimeoutMs,
      enquireLinkMs: opts.enquireLinkMs ?? 30_000,
      backoff: { ...defaultBackoff, ...opts.backoff },
      random: this.random,
      log: this.log,
      onBound: () => this.submissions.pump(),
      onLost: (err) => this.submissions.failAll(err),
      onRequest: (pdu, answer) => {
        // After the answers read in the same chunk have been taken: a receipt must not overtake
        // the submit_sm_resp of the part it is about.
        if (pdu.command === 'deliver_sm') setImmediate(() => this.deliverSm(pdu, answer));
        else if (pdu.command !== 'alert_notification') answer({ command_status: 0x03 }); // ESME_RINVCMDID: not something we take
      },
    });
    this.connection.start();
  }

  get bound(): boolean {
    return this.connection.bound;
  }

  status(): { up: boolean; error: string | null } {
    return { up: this.connection.bound, error: this.connection.bound ? null : (this.connection.lastError ?? 'not bound yet') };
  }

  /** Binds so far (1 after the first, +1 for every reconnect), the submit load and why it is not bound. */
  get stats(): { binds: number; inFlight: number; queued: number; lastError: string | null } {
    return { binds: this.connection.binds, ...this.submissions.load, lastError: this.connection.lastError };
  }

  /** Resolves once bound (at once if bound now); rejects with a temporary OutsideError after `timeoutMs`. */
  whenBound(timeoutMs = this.responseTimeoutMs): Promise<void> {
    return this.connection.whenBound(timeoutMs);
  }

  /**
   * Sends a text to a phone, in as many parts as it takes. Resolves once every part was accepted,
   * with the FIRST part's message id — the id receipts are reported under (see ReceiptTracker).
   */
  async send(msg: OutgoingMessage): Promise<SendResult> {
    const started = performance.now();
    const finish = (outcome: 'accepted' | 'temporary' | 'permanent', parts: number) => {
      try {
        this.opts.onSubmit?.({ seconds: (performance.now() - started) / 1000, outcome, parts });
      } catch (err) {
        this.log.error({ err }, 'SMPP: the onSubmit hook failed');
      }
    };
    let parts: SmsPart[] = [];
    try {
      if (this.connection.closed) throw temporary('client closed');
      if (!this.connection.bound) throw this.connection.notBound();
      const destination = internationalDigits(msg.to);
      if (!destination) throw permanent('the recipient is not an international number');
      parts = this.split(msg.text);
      const providerMessageId = await this.submissions.submit(destination, parts);
      finish('accepted', parts.length);
      return providerMessageId ? { providerMessageId } : {};
    } catch (err) {
      const e = err instanceof OutsideError ? err : temporary((err as Error).message ?? String(err));
      finish(e.permanent ? 'permanent' : 'temporary', parts.length);
      throw e;
    }
  }

  /** Unbinds, ends the connection and stops reconnecting; sends after this fail. */
  async close(): Promise<void> {
    if (this.connection.closed) return;
    this.incoming.close();
    this.submissions.failAll(temporary('client closed'));
    await this.connection.close();
  }

  private deliverSm(pdu: Pdu, answer: (options?: Record<string, unknown>) => void): void {
    void this.incoming
      .deliverSm(pdu)
      .catch((err: unknown) => {
        this.log.error({ err }, 'SMPP: could not read a deliver_sm');
        return ESME_RX_T_APPN; // send it again later
      })
      .then((status) => answer(status ? { command_status: status } : {}));
  }

  private split(text: string): SmsPart[] {
    try {
      return splitForSms(text, Math.floor(this.random() * 256));
    } catch (err) {
      if (err instanceof TextTooLongError) throw permanent(err.message);
      throw err;
    }
  }
}
