import crypto from 'node:crypto';
import { OutsideError } from './outside-error.js';

/**
 * The mobile network behind a small port: bar a line (lost or stolen) and take it off the
 * network for good. The built-in simulator stands in until an HLR is configured.
 */
export interface LineIdentity {
  msisdn: string;
  imsi: string;
  iccid: string;
}

export interface NetworkOperation {
  operationId: string;
  at: string;
}

export interface NetworkProvisioner {
  readonly name: string;
  bar(line: LineIdentity): Promise<NetworkOperation>;
  deactivate(line: LineIdentity): Promise<NetworkOperation>;
}

/** The network refused or failed a call; `permanent` says whether trying again can help. */
export class NetworkError extends OutsideError {
  constructor(message: string, permanent = false) {
    super(message, permanent, 'network');
    this.name = 'NetworkError';
  }
}

/**
 * Simulates an HLR: remembers subscriber state in memory, answers idempotently, and can be
 * told to fail the next N calls so retries can be exercised.
 */
export class SimulatedNetwork implements NetworkProvisioner {
  readonly name = 'simulator';
  readonly state = new Map<string, 'barred' | 'deactivated'>();
  private failuresLeft = 0;
  private failPermanently = false;

  /** The next `n` calls fail: as a timeout, or as a refusal that no retry can change. */
  failNext(n: number, opts: { permanent?: boolean } = {}): void {
    this.failuresLeft = n;
    this.failPermanently = opts.permanent ?? false;
  }

  async bar(line: LineIdentity): Promise<NetworkOperation> {
    this.maybeFail('bar');
    if (this.state.get(line.imsi) !== 'deactivated') this.state.set(line.imsi, 'barred');
    return this.op();
  }

  async deactivate(line: LineIdentity): Promise<NetworkOperation> {
    this.maybeFail('deactivate');
    this.state.set(line.imsi, 'deactivated');
    return this.op();
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
