import net from 'node:net';
import { NetworkError } from '../network.js';
import { FrameDecoder, FrameError, encodeFrame, parseReply, type CtrlReply } from './frame.js';
import { backoffDelay, defaultBackoff, type BackoffOptions } from '../backoff.js';

/**
 * One long-lived connection to an Osmocom CTRL port (osmo-hlr: 4259). Requests carry an id the
 * answer repeats, so several can be in flight; every failure is a NetworkError (temporary unless
 * said otherwise) and never an unhandled rejection, whatever the peer sends.
 */


export interface OsmoCtrlOptions {
  host: string;
  port?: number;
  /** Per request, counted from the call (time waiting for a connection or a slot included); also bounds a connect. */
  timeoutMs?: number;
  /** osmo-hlr answers one request at a time; more in flight only queue up inside it. */
  maxInFlight?: number;
  backoff?: Partial<BackoffOptions>;
  /** The jitter's source, so tests can pin it. */
  random?: () => number;
}

/** The peer answered ERROR: `reason` is its words (e.g. "No such subscriber."), for the caller to classify. */
export class CtrlRefusal extends NetworkError {
  constructor(
    readonly reason: string,
    readonly request: string,
  ) {
    super(`${request} refused: ${reason}`);
    this.name = 'CtrlRefusal';
  }
}

type State = 'idle' | 'connecting' | 'open' | 'waiting' | 'closed';

interface Pending {
  id: string;
  kind: 'GET' | 'SET';
  variable: string;
  text: string;
  timer: NodeJS.Timeout;
  resolve(value: string): void;
  reject(err: Error): void;
}

const VARIABLE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export class OsmoCtrlClient {
  readonly host: string;
  readonly port: number;
  private readonly timeoutMs: number;
  private readonly maxInFlight: number;
  private readonly backoff: BackoffOptions;
  private readonly random: () => number;
  private state: State = 'idle';
  private socket: net.Socket | null = null;
  private decoder = new FrameDecoder();
  private readonly queue: Pending[] = [];
  private readonly inFlight = new Map<string, Pending>();
  /** Ids given up on by a timeout: their answer may still come and is then not a protocol error. */
  private readonly late = new Set<string>();
  private nextId = 1;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private lastError: string | null = null;

  constructor(opts: OsmoCtrlOptions) {
    this.host = opts.host;
    this.port = opts.port ?? 4259;
    this.timeoutMs = opts.timeoutMs ?? 5000;
    this.maxInFlight = Math.max(1, opts.maxInFlight ?? 8);
    this.backoff = { ...defaultBackoff, ...opts.backoff };
    this.random = opts.random ?? Math.random;
  }

  get connected(): boolean {
    return this.state === 'open';
  }

  /** Requests sent and not answered yet, and those waiting for a slot or a connection. */
  get load(): { inFlight: number; queued: number } {
    return { inFlight: this.inFlight.size, queued: this.queue.length };
  }

  get(variable: string): Promise<string> {
    return this.request('GET', variable);
  }

  set(variable: string, value: string): Promise<string> {
    return this.request('SET', variable, value);
  }

  /** Fails what is pending, ends the connection and stops reconnecting; the client is done. */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.failAll('client closed');
    const socket = this.socket;
    this.socket = null;
    if (socket && !socket.destroyed) {
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.destroy();
      });
    }
  }

  private request(kind: 'GET' | 'SET', variable: string, value?: string): Promise<string> {
    if (this.state === 'closed') return Promise.reject(this.error('client closed'));
    // A space or newline in the variable would shift the peer's reading of every later word.
    if (!VARIABLE.test(variable) || (value !== undefined && !/^[\x21-\x7e][\x20-\x7e]*$/.test(value))) {
      return Promise.reject(new NetworkError(`osmo-ctrl: refusing to send malformed ${kind} ${JSON.stringify(variable)} ${JSON.stringify(value ?? '')}`, true));
    }
    const id = String(this.nextId);
    this.nextId = this.nextId >= 0x7fffffff ? 1 : this.nextId + 1;
    const text = value === undefined ? `${kind} ${id} ${variable}` : `${kind} ${id} ${variable} ${value}`;
    return new Promise<string>((resolve, reject) => {
      const p: Pending = { id, kind, variable, text, resolve, reject, timer: setTimeout(() => this.expire(p), this.timeoutMs) };
      this.queue.push(p);
      if (this.state === 'idle') this.connect();
      this.pump();
    });
  }

  private expire(p: Pending): void {
    const queued = this.queue.indexOf(p);
    if (queued >= 0) this.queue.splice(queued, 1);
    else if (this.inFlight.delete(p.id)) {
      this.late.add(p.id);
      // A peer that never answers would grow this for ever; the oldest are the least likely to come.
      if (this.late.size > 10_000) this.late.delete(this.late.values().next().value!);
    }
    const why = this.state === 'open' ? '' : ` (not connected${this.lastError ? `: ${this.lastError}` : ''})`;
    p.reject(this.error(`no answer within ${this.timeoutMs} ms to ${p.kind} ${p.variable}${why}`));
    this.pump();
  }

  private connect(): void {
    this.state = 'connecting';
    this.decoder = new FrameDecoder();
    this.late.clear();
    const socket = net.connect({ host: this.host, port: this.port });
    this.socket = socket;
    // A peer that never answers the SYN would otherwise hold the connection attempt for minutes.
    socket.setTimeout(this.timeoutMs, () => socket.destroy(new Error(`connect timed out after ${this.timeoutMs} ms`)));
    socket.on('connect', () => {
      socket.setTimeout(0);
      socket.setNoDelay(true);
      socket.setKeepAlive(true, 10_000);
      this.state = 'open';
      this.lastError = null;
      this.pump();
    });
    socket.on('data', (chunk: Buffer) => this.receive(socket, chunk));
    // Node's messages carry the code already ("connect ECONNREFUSED 127.0.0.2:4259", "read ECONNRESET").
    socket.on('error', (err) => {
      this.lastError = err.message;
    });
    socket.on('close', () => this.closed(socket));
  }

  private closed(socket: net.Socket): void {
    if (socket !== this.socket) return; // dropped on purpose (protocol error) or by close()
    this.socket = null;
    const how = this.state === 'open' ? 'connection lost' : 'cannot connect';
    this.failAll(this.lastError ? `${how}: ${this.lastError}` : `${how}: closed by the peer`);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.state === 'closed') return;
    this.state = 'waiting';
    const delay = backoffDelay(this.attempt++, this.backoff, this.random);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.state === 'waiting') this.connect();
    }, delay);
    // An idle client must not keep a CLI run alive; a pending request holds its own timer.
    this.retryTimer.unref();
  }

  /** The stream can no longer be trusted: fail everything on it and start over on a new connection. */
  private drop(socket: net.Socket, why: string): void {
    if (socket !== this.socket) return;
    this.socket = null;
    this.lastError = why;
    socket.destroy();
    this.failAll(why);
    this.scheduleReconnect();
  }

  private receive(socket: net.Socket, chunk: Buffer): void {
    let texts: string[];
    try {
      texts = this.decoder.push(chunk);
    } catch (err) {
      return this.drop(socket, `garbage from the peer: ${(err as Error).message}`);
    }
    for (const text of texts) {
      if (socket !== this.socket) return;
      let reply: CtrlReply;
      try {
        reply = parseReply(text);
      } catch (err) {
        return this.drop(socket, err instanceof FrameError ? err.message : String(err));
      }
      this.answer(socket, reply, text);
    }
    this.pump();
  }

  private answer(socket: net.Socket, reply: CtrlReply, text: string): void {
    if (reply.type === 'TRAP') return; // unasked notices; lastcall subscribes to none
    const p = this.inFlight.get(reply.id);
    if (!p) {
      if (this.late.delete(reply.id)) return;
      // "ERROR err …" is the peer saying it could not read one of our requests; which one is unknown.
      return this.drop(socket, `unexpected answer (no request ${reply.id} waiting): ${JSON.stringify(text.slice(0, 120))}`);
    }
    const expected = p.kind === 'GET' ? 'GET_REPLY' : 'SET_REPLY';
    if (reply.type !== 'ERROR' && (reply.type !== expected || reply.variable !== p.variable)) {
      return this.drop(socket, `answer to ${p.kind} ${p.id} ${p.variable} does not match it: ${JSON.stringify(text.slice(0, 120))}`);
    }
    this.inFlight.delete(p.id);
    clearTimeout(p.timer);
    this.attempt = 0; // a well-formed answer: this peer is healthy, the next outage starts the back-off afresh
    if (reply.type === 'ERROR') p.reject(new CtrlRefusal(reply.reason, `${p.kind} ${p.variable}`));
    else p.resolve(reply.value);
  }

  private pump(): void {
    const socket = this.socket;
    if (this.state === 'open' && socket) {
      while (this.inFlight.size < this.maxInFlight && this.queue.length > 0) {
        const p = this.queue.shift()!;
        this.inFlight.set(p.id, p);
        socket.write(encodeFrame(p.text));
      }
    }
    // Hold the process open only while someone waits for an answer.
    if (socket) {
      if (this.inFlight.size + this.queue.length > 0) socket.ref();
      else socket.unref();
    }
  }

  private failAll(why: string): void {
    const all = [...this.inFlight.values(), ...this.queue];
    this.inFlight.clear();
    this.queue.length = 0;
    for (const p of all) {
      clearTimeout(p.timer);
      p.reject(this.error(`${why} (${p.kind} ${p.variable})`));
    }
  }

  private error(message: string): NetworkError {
    return new NetworkError(`osmo-ctrl ${this.host}:${this.port}: ${message}`);
  }
}
