import { performance } from 'node:perf_hooks';
import { NetworkError, type LineIdentity, type NetworkOperation, type NetworkOperationKind, type NetworkProvisioner, type SubscriberState } from './network.js';
import { CtrlRefusal, OsmoCtrlClient, type OsmoCtrlOptions } from './osmo-ctrl/client.js';
import { parseInfo } from './osmo-ctrl/frame.js';

/**
 * The network as an Osmocom HLR (osmo-hlr) driven through its CTRL interface. A line is a
 * subscriber keyed by IMSI, with the MSISDN in digits; barring disables CS and PS (nam_cs,
 * nam_ps), ending the line deletes the subscriber. Never key on the HLR's own subscriber id:
 * it is reused after a delete.
 */

export type HlrSubscriber = SubscriberState;
export type HlrOperationKind = NetworkOperationKind;
export type HlrOutcome = 'ok' | 'temporary_error' | 'permanent_error';
export interface HlrOperationEvent {
  kind: HlrOperationKind;
  outcome: HlrOutcome;
  seconds: number;
}

/** What the adapter needs of a CTRL connection (OsmoCtrlClient, or a stand-in in tests). */
export interface CtrlCommands {
  get(variable: string): Promise<string>;
  set(variable: string, value: string): Promise<string>;
  close(): Promise<void>;
}

export interface OsmoHlrOptions {
  /** `osmo-ctrl://HOST[:PORT]`; or pass `client`. */
  url?: string;
  client?: CtrlCommands;
  ctrl?: Omit<OsmoCtrlOptions, 'host' | 'port'>;
  /** Told about every operation, for /metrics; its own failures are swallowed. */
  onOperation?: (event: HlrOperationEvent) => void;
  now?: () => Date;
}

/** Reads HLR_URL: `osmo-ctrl://HOST[:PORT]`, port 4259 when left out. */
export function parseHlrUrl(url: string): { host: string; port: number } {
  const bad = (why: string) => new Error(`HLR_URL ${JSON.stringify(url)} ${why}; expected osmo-ctrl://HOST[:PORT]`);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw bad('is not a URL');
  }
  if (u.protocol !== 'osmo-ctrl:') throw bad(`has scheme ${u.protocol.replace(/:$/, '')}`);
  if (!u.hostname) throw bad('has no host');
  if (u.username || u.password || (u.pathname && u.pathname !== '/') || u.search || u.hash) throw bad('has more than a host and a port');
  const port = u.port ? Number(u.port) : 4259;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw bad('has an invalid port');
  return { host: u.hostname.replace(/^\[(.*)\]$/, '$1'), port };
}

// The HLR's own words for a request that no retry can fix. Anything else (e.g. "An error has
// occurred." from a busy database) may pass, so it is temporary.
const PERMANENT = ['No such subscriber.', 'Update MSISDN failed', 'Invalid IMSI value.', 'Value failed verification.', "Invalid value part of 'by-xxx-value' selector.", 'Read Only attribute'];
const NO_SUCH = 'No such subscriber.';

const refusedWith = (err: unknown, reason: string) => err instanceof CtrlRefusal && err.reason.startsWith(reason);

export class OsmoHlrNetwork implements NetworkProvisioner {
  readonly name = 'osmo-hlr';
  private readonly ctrl: CtrlCommands;
  private readonly onOperation: ((event: HlrOperationEvent) => void) | undefined;
  private readonly now: () => Date;

  constructor(opts: OsmoHlrOptions) {
    if (opts.client) this.ctrl = opts.client;
    else if (opts.url) this.ctrl = new OsmoCtrlClient({ ...parseHlrUrl(opts.url), ...opts.ctrl });
    else throw new Error('OsmoHlrNetwork needs a url (HLR_URL) or a client');
    this.onOperation = opts.onOperation;
    this.now = opts.now ?? (() => new Date());
  }

  /** Makes the HLR hold this line: created if absent, MSISDN and CS/PS as given. Safe to repeat. */
  provision(line: LineIdentity, opts: { barred: boolean }): Promise<NetworkOperation> {
    return this.change('provision', line.imsi, async (imsi) => {
      const digits = msisdnDigits(line.msisdn);
      try {
        await this.ctrl.set('subscriber.create', imsi);
      } catch (err) {
        if (!refusedWith(err, 'Subscriber already exists.')) throw err;
      }
      // Read back rather than write blindly: an existing subscriber may hold another MSISDN.
      const now = parseInfo(await this.ctrl.get(`subscriber.by-imsi-${imsi}.info`));
      if (now.msisdn !== digits) await this.setMsisdn(imsi, digits);
      const enabled = opts.barred ? '0' : '1';
      if (now.csEnabled === opts.barred) await this.ctrl.set(`subscriber.by-imsi-${imsi}.cs-enabled`, enabled);
      if (now.psEnabled === opts.barred) await this.ctrl.set(`subscriber.by-imsi-${imsi}.ps-enabled`, enabled);
    });
  }

  /** Lost or stolen, or suspended: no calls, no SMS, no data. An absent subscriber is a permanent error. */
  bar(line: LineIdentity): Promise<NetworkOperation> {
    return this.change('bar', line.imsi, (imsi) => this.setAccess(imsi, false));
  }

  unbar(line: LineIdentity): Promise<NetworkOperation> {
    return this.change('unbar', line.imsi, (imsi) => this.setAccess(imsi, true));
  }

  /** Takes the line off the network for good. Barred first, so a failed delete still leaves it unusable. */
  deactivate(line: LineIdentity): Promise<NetworkOperation> {
    return this.change('deactivate', line.imsi, async (imsi) => {
      try {
        await this.setAccess(imsi, false);
      } catch (err) {
        if (refusedWith(err, NO_SUCH)) return; // already gone: what we wanted
        throw err;
      }
      try {
        await this.ctrl.set('subscriber.delete', imsi);
      } catch (err) {
        if (!refusedWith(err, "Subscriber doesn't exist.")) throw err;
      }
    });
  }

  /** What the HLR holds for this IMSI, or null when it holds nothing. */
  inspect(imsi: string): Promise<HlrSubscriber | null> {
    return this.run('inspect', imsi, async (checked) => {
      const info = await this.lookup(`subscriber.by-imsi-${checked}.info`);
      return info && { ...info, msisdn: info.msisdn === null ? null : `+${info.msisdn}` };
    });
  }

  /** Any answer, even "No such subscriber.", shows the HLR is there; only the transport can fail this. */
  async ping(): Promise<void> {
    await this.lookup('subscriber.by-imsi-001010000000000.info');
  }

  close(): Promise<void> {
    return this.ctrl.close();
  }

  private async lookup(variable: string) {
    try {
      return parseInfo(await this.ctrl.get(variable));
    } catch (err) {
      if (refusedWith(err, NO_SUCH)) return null;
      throw err;
    }
  }

  private async setAccess(imsi: string, enabled: boolean): Promise<void> {
    const value = enabled ? '1' : '0';
    try {
      await this.ctrl.set(`subscriber.by-imsi-${imsi}.cs-enabled`, value);
      await this.ctrl.set(`subscriber.by-imsi-${imsi}.ps-enabled`, value);
    } catch (err) {
      // osmo-hlr 1.5 answers a CS/PS change for an absent IMSI with a bare "An error has occurred.";
      // asking tells that apart from a real failure.
      if (err instanceof CtrlRefusal && (await this.lookup(`subscriber.by-imsi-${imsi}.info`)) === null) {
        throw new CtrlRefusal(NO_SUCH, err.request);
      }
      throw err;
    }
  }

  private async setMsisdn(imsi: string, digits: string): Promise<void> {
    try {
      await this.ctrl.set(`subscriber.by-imsi-${imsi}.msisdn`, digits);
    } catch (err) {
      if (!refusedWith(err, 'Update MSISDN failed')) throw err;
      // Name the holder, so whoever reads the parked job knows which line to look at.
      const holder = await this.lookup(`subscriber.by-msisdn-${digits}.info`).catch(() => null);
      throw new CtrlRefusal(`Update MSISDN failed${holder ? ` (MSISDN ${digits} is held by IMSI ${holder.imsi})` : ''}`, `SET subscriber.by-imsi-${imsi}.msisdn`);
    }
  }

  /** An operation that changes the HLR, answered with its id and time. */
  private change(kind: HlrOperationKind, imsi: string, body: (imsi: string) => Promise<void>): Promise<NetworkOperation> {
    return this.run(kind, imsi, async (checked) => {
      await body(checked);
      const at = this.now();
      return { operationId: `hlr-${checked}-${kind}-${at.getTime()}`, at: at.toISOString() };
    });
  }

  /** Times, classifies and reports one operation; every error leaves as a NetworkError. */
  private async run<T>(kind: HlrOperationKind, imsi: string, body: (imsi: string) => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      // Digits only: the IMSI becomes part of a variable name; the HLR itself judges the length.
      if (!/^[0-9]{1,20}$/.test(imsi)) throw new NetworkError(`HLR ${kind} of IMSI ${JSON.stringify(imsi)}: Invalid IMSI value.`, true);
      const result = await body(imsi);
      this.report(kind, 'ok', started);
      return result;
    } catch (err) {
      const classified = classify(err, kind, imsi);
      this.report(kind, classified.permanent ? 'permanent_error' : 'temporary_error', started);
      throw classified;
    }
  }

  private report(kind: HlrOperationKind, outcome: HlrOutcome, started: number): void {
    try {
      this.onOperation?.({ kind, outcome, seconds: (performance.now() - started) / 1000 });
    } catch {
      /* metrics must never fail an operation on the network */
    }
  }
}

function classify(err: unknown, kind: HlrOperationKind, imsi: string): NetworkError {
  if (err instanceof CtrlRefusal) {
    const permanent = PERMANENT.some((reason) => err.reason.startsWith(reason));
    return new NetworkError(`HLR ${kind} of IMSI ${imsi}: ${err.reason}`, permanent);
  }
  if (err instanceof NetworkError) return err; // transport trouble, already worded (and temporary)
  // Anything else is a surprise from the HLR (e.g. an unreadable info body): worth another try.
  return new NetworkError(`HLR ${kind} of IMSI ${imsi}: ${err instanceof Error ? err.message : String(err)}`);
}

function msisdnDigits(msisdn: string): string {
  const digits = msisdn.replace(/^\+/, '');
  if (!/^[0-9]{1,15}$/.test(digits)) throw new NetworkError(`MSISDN ${JSON.stringify(msisdn)} is not E.164 digits`, true);
  return digits;
}
