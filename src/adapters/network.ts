import crypto from 'node:crypto';
import { OutsideError } from './outside-error.js';

/**
 * The mobile network behind a small port: provision a line, bar it (lost or stolen), lift the
 * bar, take it off for good, and read what the network holds. Two implementations: the
 * built-in simulator (the default) and an Osmocom HLR over its control interface (HLR_URL).
 */
export interface LineIdentity {
  /** E.164 with '+'. */
  msisdn: string;
  imsi: string;
  iccid: string;
}

export interface NetworkOperation {
  operationId: string;
  at: string;
}

/** A subscriber as the network holds it. */
export interface SubscriberState {
  imsi: string;
  /** E.164 with '+'; null when the network holds none. */
  msisdn: string | null;
  csEnabled: boolean;
  psEnabled: boolean;
}

export type NetworkOperationKind = 'provision' | 'bar' | 'unbar' | 'deactivate' | 'inspect' | 'ping';

export interface NetworkProvisioner {
  readonly name: string;
  /** Creates the subscriber when absent and makes its MSISDN and barring match; idempotent. */
  provision(line: LineIdentity, opts: { barred: boolean }): Promise<NetworkOperation>;
  bar(line: LineIdentity): Promise<NetworkOperation>;
  unbar(line: LineIdentity): Promise<NetworkOperation>;
  /** Bars, then removes the subscriber (its MSISDN is then free); an absent one is success. */
  deactivate(line: LineIdentity): Promise<NetworkOperation>;
  inspect(imsi: string): Promise<SubscriberState | null>;
  /** Resolves when the network answers at all (for /readyz). */
  ping(): Promise<void>;
  close?(): Promise<void>;
}

/** The network refused or failed a call; `permanent` says whether trying again can help. */
export class NetworkError extends OutsideError {
  constructor(message: string, permanent = false) {
    super(message, permanent, 'network');
    this.name = 'NetworkError';
  }
}

/**
 * Simulates an HLR in memory: subscribers by IMSI with MSISDN and CS/PS barring, idempotent
 * answers, and failures on demand (`failNext`) so retries and parking can be exercised.
 */
export class SimulatedNetwork implements NetworkProvisioner {
  readonly name = 'simulator';
  readonly subscribers = new Map<string, SubscriberState>();
  private failuresLeft = 0;
  private failPermanently = false;

  /** The next `n` calls fail: as a timeout, or as a refusal that no retry can change. */
  failNext(n: number, opts: { permanent?: boolean } = {}): void {
    this.failuresLeft = n;
    this.failPermanently = opts.permanent ?? false;
  }

  async provision(line: LineIdentity, opts: { barred: boolean }): Promise<NetworkOperation> {
    this.maybeFail('provision');
    this.subscribers.set(line.imsi, { imsi: line.imsi, msisdn: line.msisdn, csEnabled: !opts.barred, psEnabled: !opts.barred });
    return this.op();
  }

  async bar(line: LineIdentity): Promise<NetworkOperation> {
    this.maybeFail('bar');
    this.setAccess(line, false);
    return this.op();
  }

  async unbar(line: LineIdentity): Promise<NetworkOperation> {
    this.maybeFail('unbar');
    this.setAccess(line, true);
    return this.op();
  }

  async deactivate(line: LineIdentity): Promise<NetworkOperation> {
    this.maybeFail('deactivate');
    this.subscribers.delete(line.imsi);
    return this.op();
  }

  async inspect(imsi: string): Promise<SubscriberState | null> {
    this.maybeFail('inspect');
    const s = this.subscribers.get(imsi);
    return s ? { ...s } : null;
  }

  async ping(): Promise<void> {}

  // Lenient where the HLR is strict (barring an absent subscriber): the simulator starts empty
  // in every process, so a line it never saw is taken as there.
  private setAccess(line: LineIdentity, enabled: boolean) {
    const s = this.subscribers.get(line.imsi) ?? { imsi: line.imsi, msisdn: line.msisdn, csEnabled: true, psEnabled: true };
    this.subscribers.set(line.imsi, { ...s, csEnabled: enabled, psEnabled: enabled });
  }

  private maybeFail(what: string) {
    if (this.failuresLeft > 0) {
      this.failuresLeft--;
      throw this.failPermanently
        ? new NetworkError(`simulated HLR refusal during ${what}: No such subscriber.`, true)
        : new NetworkError(`simulated HLR timeout during ${what}`);
    }
  }

  private op(): NetworkOperation {
    return { operationId: `sim-${crypto.randomUUID()}`, at: new Date().toISOString() };
  }
}
