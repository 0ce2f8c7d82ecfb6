import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import { StringDecoder } from 'node:string_decoder';
import { Webhook } from 'standardwebhooks';
import { OutsideError } from '../outside-error.js';
import { checkHookUrl, HookUrlError, type HookLookup, type HookUrlReason } from './public-address.js';

/**
 * Outgoing webhooks, signed the Standard Webhooks way so a receiver can check them with any of
 * that spec's libraries. The danger here is the URL, which an outsider chose: the sender must
 * never become a way into the operator's own network. So every hop is vetted by checkHookUrl and
 * the socket is pinned to an address it vetted, because asking DNS a second time at connect time
 * lets a hostile name answer "public" to the check and "10.0.0.1" to the connect (DNS
 * rebinding). For the same reason redirects are not followed by the HTTP client but one by one
 * here, each new URL vetted like the first. The errors say whether a retry can help, for the
 * outbox; only what the receiver cannot fix by itself soon is permanent.
 */

export interface WebhookSenderOptions {
  /** Development and tests only: allow http:// and private addresses. */
  allowPrivate: boolean;
  /** For the whole delivery: DNS, connect, every redirect, the answer. */
  timeoutMs?: number;
  maxRedirects?: number;
  lookup?: HookLookup;
  userAgent?: string;
}

export interface WebhookDelivery {
  url: string;
  /** `whsec_` followed by the base64 key, as Standard Webhooks has it. */
  secret: string;
  /** The message id; the same on every retry so the receiver can drop duplicates. */
  id: string;
  timestamp: Date;
  /** JSON text, sent and signed byte for byte. */
  body: string;
}

export interface WebhookResult {
  status: number;
  ms: number;
  responseExcerpt: string;
}

/** A failed delivery, with the HTTP status of the last answer (null if none came) and the time spent. */
export class WebhookError extends OutsideError {
  constructor(
    message: string,
    permanent: boolean,
    readonly status: number | null,
    readonly ms: number,
  ) {
    super(message, permanent, 'webhook');
    this.name = 'WebhookError';
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** URL refusals that no retry can change: the receiver must give a different URL. */
const PERMANENT_REFUSALS = new Set<HookUrlReason>(['not_public', 'scheme', 'credentials']);
const EXCERPT_BYTES = 2048;

interface Answer {
  status: number;
  location: string | undefined;
  excerpt: string;
}

export class WebhookSender {
  private readonly timeoutMs: number;
  private readonly maxRedirects: number;
  private readonly userAgent: string;

  constructor(private readonly opts: WebhookSenderOptions) {
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.maxRedirects = opts.maxRedirects ?? 3;
    this.userAgent = opts.userAgent ?? 'lastcall-webhooks/1';
  }

  async send(d: WebhookDelivery): Promise<WebhookResult> {
    const started = performance.now();
    const fail = (message: string, permanent: boolean, status: number | null) =>
      new WebhookError(message, permanent, status, Math.round(performance.now() - started));

    let signature: string;
    try {
      signature = new Webhook(d.secret).sign(d.id, d.timestamp, d.body);
    } catch (err) {
      throw fail(`the webhook secret cannot be used for signing: ${describe(err)}`, true, null);
    }
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(d.body)),
      'user-agent': this.userAgent,
      'webhook-id': d.id,
      'webhook-timestamp': String(Math.floor(d.timestamp.getTime() / 1000)),
      'webhook-signature': signature,
    };
    const signal = AbortSignal.timeout(this.timeoutMs);
    const late = `within ${this.timeoutMs} ms`;

    let target = d.url;
    let lastStatus: number | null = null;
    for (let hop = 0; ; hop++) {
      const via = hop === 0 ? '' : `after ${hop} redirect(s): `;
      let vetted: { url: URL; addresses: string[] };
      try {
        vetted = await beforeDeadline(checkHookUrl(target, { allowPrivate: this.opts.allowPrivate, lookup: this.opts.lookup }), signal);
      } catch (err) {
        if (err instanceof HookUrlError) throw fail(`${via}${err.message}`, PERMANENT_REFUSALS.has(err.reason), lastStatus);
        throw fail(`${via}no DNS answer ${late}`, false, lastStatus);
      }
      const where = vetted.addresses.includes(stripBrackets(vetted.url.hostname))
        ? vetted.url.host
        : `${vetted.url.host} (${vetted.addresses.join(', ')})`;

      let answer: Answer;
      try {
        answer = await post(vetted.url, vetted.addresses, { ...headers, host: vetted.url.host }, d.body, signal);
      } catch (err) {
        const why = signal.aborted ? `no answer from ${where} ${late}` : `could not reach ${where}: ${describe(err)}`;
        throw fail(`${via}${why}`, false, null);
      }
      const status = answer.status;
      lastStatus = status;
      if (status >= 200 && status < 300) {
        return { status, ms: Math.round(performance.now() - started), responseExcerpt: answer.excerpt };
      }
      if (REDIRECTS.has(status) && answer.location !== undefined) {
        if (hop >= this.maxRedirects) throw fail(`more than ${this.maxRedirects} redirects (the last one from ${where})`, false, status);
        try {
          target = new URL(answer.location, vetted.url).href;
        } catch {
          throw fail(`${where} redirected to something that is not a URL`, false, status);
        }
        continue;
      }
      const said = oneLine(answer.excerpt);
      throw fail(`${via}${where} answered ${status}${said === '' ? '' : `: ${said}`}`, status === 410, status);
    }
  }
}

/** A lookup for node:http that answers with the vetted addresses only, whatever DNS says now. */
function pinnedLookup(addresses: string[]): LookupFunction {
  return (_hostname, options, callback) => {
    const family = options.family === 4 || options.family === 'IPv4' ? 4 : options.family === 6 || options.family === 'IPv6' ? 6 : 0;
    const usable = addresses.filter((a) => family === 0 || isIP(a) === family);
    const first = usable[0];
    if (first === undefined) {
      callback(Object.assign(new Error(`no vetted IPv${family} address`), { code: 'ENOTFOUND' }), '');
    } else if (options.all) {
      callback(null, usable.map((address) => ({ address, family: isIP(address) })));
    } else {
      callback(null, first, isIP(first));
    }
  };
}

/** One POST to a vetted URL, connected to one of the vetted addresses; a redirect is returned, not followed. */
function post(url: URL, addresses: string[], headers: Record<string, string>, body: string, signal: AbortSignal): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const host = stripBrackets(url.hostname);
    const secure = url.protocol === 'https:';
    const options: https.RequestOptions = {
      method: 'POST',
      host,
      port: url.port === '' ? (secure ? 443 : 80) : Number(url.port),
      path: `${url.pathname}${url.search}`,
      headers,
      agent: false, // a fresh socket: nothing pooled from another host or an older DNS answer
      lookup: pinnedLookup(addresses),
      signal,
      ...(secure && isIP(host) === 0 ? { servername: host } : {}), // SNI and the certificate check use the name
    };
    let answered = false;
    const req = (secure ? https : http).request(options, (res) => {
      answered = true; // from here on the status stands, even if the body stalls past the deadline
      void readExcerpt(res).then((excerpt) => resolve({ status: res.statusCode ?? 0, location: res.headers.location, excerpt }));
    });
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    req.end(body);
  });
}

/** The first 2 KB of the answer (cut on a character boundary); the rest is never read. */
function readExcerpt(res: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      res.destroy();
      resolve(new StringDecoder('utf8').write(Buffer.concat(chunks).subarray(0, EXCERPT_BYTES)));
    };
    res.on('data', (chunk: Buffer) => {
      if (done) return;
      chunks.push(chunk);
      size += chunk.length;
      if (size >= EXCERPT_BYTES) finish();
    });
    res.on('end', finish);
    res.on('error', finish);
    res.on('close', finish);
  });
}

function beforeDeadline<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

const stripBrackets = (host: string) => (host.startsWith('[') ? host.slice(1, -1) : host);

const oneLine = (text: string) => text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, 200);

function describe(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return err.errors.map(describe).join('; ');
  if (err instanceof Error) return err.message || ((err as NodeJS.ErrnoException).code ?? err.name);
  return String(err);
}
