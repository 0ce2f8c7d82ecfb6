import smpp, { type Pdu, type Session } from 'smpp';
import { backoffDelay, type BackoffOptions } from '../backoff.js';
import type { OutsideError } from '../outside-error.js';
import type { SmppLog } from './incoming.js';
import { permanent, statusName, temporary } from './status.js';
import type { SmppEndpoint } from './url.js';

/**
 * One bind_transceiver to the SMS centre, kept: enquire_link while idle (no answer drops the
 * connection), and after any loss a new connection and bind with capped, jittered back-off.
 * Requests are matched to answers by sequence number; every failure is a temporary OutsideError.
 */
export interface ConnectionOptions {
  endpoint: SmppEndpoint;
  responseTimeoutMs: number;
  enquireLinkMs: number;
  backoff: BackoffOptions;
  random: () => number;
  log: SmppLog;
  onBound(): void;
  /** The link went; what was waiting on it has failed with `err`. */
  onLost(err: OutsideError): void;
  /** A request from the centre other than enquire_link and unbind; `answer` sends its _resp. */
  onRequest(pdu: Pdu, answer: (options?: Record<string, unknown>) => void): void;
}

type State = 'connecting' | 'binding' | 'bound' | 'waiting' | 'closed';

interface Pending {
  resolve(pdu: Pdu): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

/** One TCP connection and its session; a new one for every reconnect. */
interface Link {
  session: Session;
  pending: Map<number, Pending>;
  enquire: NodeJS.Timeout | null;
}

export class SmppConnection {
  private state: State = 'waiting';
  private link: Link | null = null;
  private attempt = 0;
  private retry: NodeJS.Timeout | null = null;
  private waiters: (() => void)[] = [];
  lastError: string | null = null;
  binds = 0;

  constructor(private readonly opts: ConnectionOptions) {}

  get bound(): boolean {
    return this.state === 'bound';
  }

  get closed(): boolean {
    return this.state === 'closed';
  }

  start(): void {
    if (this.state === 'waiting' && !this.retry) this.connect();
  }

  /** Resolves once bound (at once if bound now); rejects after `timeoutMs`. */
  whenBound(timeoutMs: number): Promise<void> {
    if (this.state === 'bound') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== done);
        reject(this.notBound());
      }, timeoutMs);
      this.waiters.push(done);
    });
  }

  notBound(): OutsideError {
    const { host, port } = this.opts.endpoint;
    return temporary(`not bound to ${host}:${port}${this.lastError ? ` (${this.lastError})` : ''}`);
  }

  /** A request on the bound link; its answer (or a generic_nack) resolves, a timeout or the link's end rejects. */
  request(command: string, fields: Record<string, unknown>, timeoutMs = this.opts.responseTimeoutMs): Promise<Pdu> {
    if (this.state !== 'bound' || !this.link) return Promise.reject(this.notBound());
    return this.send(this.link, command, fields, timeoutMs);
  }

  /** Unbinds (briefly waiting for the answer), ends the connection and stops reconnecting. */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    const wasBound = this.state === 'bound';
    this.state = 'closed';
    if (this.retry) clearTimeout(this.retry);
    const link = this.link;
    if (!link) return;
    if (wasBound) await this.send(link, 'unbind', {}, Math.min(this.opts.responseTimeoutMs, 2000)).catch(() => undefined);
    await new Promise<void>((resolve) => {
      if (link.session.socket.destroyed) return resolve();
      link.session.socket.once('close', () => resolve());
      link.session.destroy();
    });
  }

  private connect(): void {
    this.state = 'connecting';
    const { host, port } = this.opts.endpoint;
    const session = smpp.connect({ host, port });
    const link: Link = { session, pending: new Map(), enquire: null };
    this.link = link;
    const connectTimer = setTimeout(() => this.drop(link, `cannot connect within ${this.opts.responseTimeoutMs} ms`), this.opts.responseTimeoutMs);
    session.on('connect', () => {
      clearTimeout(connectTimer);
      session.socket.setNoDelay(true);
      void this.bind(link);
    });
    // Node's words carry the cause ("connect ECONNREFUSED …"); a PDU the package cannot read
    // leaves its reader stuck, so any error ends this connection.
    session.on('error', (err) => {
      this.lastError = err.message;
      session.destroy();
    });
    session.on('close', () => {
      clearTimeout(connectTimer);
      this.lost(link);
    });
    session.on('pdu', (pdu) => this.receive(link, pdu));
  }

  private async bind(link: Link): Promise<void> {
    this.state = 'binding';
    const { systemId, password } = this.opts.endpoint;
    const resp = await this.send(link, 'bind_transceiver', { system_id: systemId, password, system_type: '', interface_version: 0x34 }).catch((err: Error) => err);
    if (link !== this.link || this.state !== 'binding') return;
    if (resp instanceof Error) return this.drop(link, `bind_transceiver: ${resp.message}`);
    if (resp.command_status !== 0) {
      this.opts.log.error({ status: statusName(resp.command_status) }, 'SMPP: the SMS centre refused the bind (system id or password?)');
      return this.drop(link, `bind refused: ${statusName(resp.command_status)}`);
    }
    this.state = 'bound';
    this.attempt = 0;
    this.binds += 1;
    this.lastError = null;
    this.opts.log.info({ host: this.opts.endpoint.host, port: this.opts.endpoint.port, binds: this.binds }, 'SMPP: bound as transceiver');
    link.enquire = setInterval(() => {
      this.send(link, 'enquire_link', {}).catch((err: Error) => this.drop(link, `enquire_link: ${err.message}`));
    }, this.opts.enquireLinkMs);
    link.enquire.unref();
    for (const w of this.waiters.splice(0)) w();
    this.opts.onBound();
  }

  private send(link: Link, command: string, fields: Record<string, unknown>, timeoutMs = this.opts.responseTimeoutMs): Promise<Pdu> {
    const pdu = new smpp.PDU(command, fields);
    try {
      if (!link.session.send(pdu)) return Promise.reject(temporary('connection not writable'));
    } catch (err) {
      return Promise.reject(permanent(`cannot encode ${command}: ${(err as Error).message}`));
    }
    return new Promise((resolve, reject) => {
      const seq = pdu.sequence_number;
      const timer = setTimeout(() => {
        link.pending.delete(seq);
        reject(temporary(`no answer to ${command} within ${timeoutMs} ms`));
        // A centre that stops answering is taken as gone (SMPP 3.4 §7.2): start over.
        this.drop(link, `no answer to ${command}`);
      }, timeoutMs);
      link.pending.set(seq, { resolve, reject, timer });
    });
  }

  private receive(link: Link, pdu: Pdu): void {
    if (pdu.isResponse()) {
      const p = link.pending.get(pdu.sequence_number);
      if (!p) return; // answered too late: the request was given up already
      link.pending.delete(pdu.sequence_number);
      clearTimeout(p.timer);
      return p.resolve(pdu);
    }
    const answer = (options: Record<string, unknown> = {}) => {
      if (link === this.link && !link.session.socket.destroyed) link.session.send(pdu.response(options));
    };
    if (pdu.command === 'enquire_link') return answer();
    if (pdu.command === 'unbind') {
      // The centre is going away (a restart, maintenance): answer, and come back after a pause.
      answer();
      this.lastError = 'unbound by the SMS centre';
      link.session.close();
      return;
    }
    this.opts.onRequest(pdu, answer);
  }

  /** Ends the link on purpose (a protocol fault, no answer); its 'close' then starts over. */
  private drop(link: Link, why: string): void {
    if (link !== this.link) return;
    this.lastError = why;
    link.session.destroy();
  }

  private lost(link: Link): void {
    if (link.enquire) clearInterval(link.enquire);
    const { host, port } = this.opts.endpoint;
    const err = temporary(`connection to ${host}:${port} lost${this.lastError ? `: ${this.lastError}` : ''}`);
    for (const p of link.pending.values()) {
      clearTimeout(p.timer);
      p.reject(err);
    }
    link.pending.clear();
    if (link !== this.link) return;
    this.link = null;
    const wasBound = this.state === 'bound';
    if (this.state !== 'closed') this.state = 'waiting';
    this.opts.onLost(err);
    if (this.state === 'closed') return;
    // One warning when the link goes; the attempts of a long outage only at debug level.
    const delay = backoffDelay(this.attempt, this.opts.backoff, this.opts.random);
    if (wasBound || this.attempt === 0) this.opts.log.warn({ error: this.lastError, retryInMs: delay }, 'SMPP: not connected to the SMS centre; reconnecting');
    else this.opts.log.debug({ error: this.lastError, attempt: this.attempt, retryInMs: delay }, 'SMPP: still not connected');
    this.attempt += 1;
    this.retry = setTimeout(() => {
      this.retry = null;
      if (this.state === 'waiting') this.connect();
    }, delay);
    // A pending send holds its own timers; an idle client alone does not keep the process up.
    this.retry.unref();
  }
}
