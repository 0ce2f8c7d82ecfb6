import crypto from 'node:crypto';
import type { NetworkOperation } from './network.js';

/**
 * An eSIM's profile lives with the operator's SM-DP+ (GSMA SGP.22), apart from the subscription
 * in the HLR: ending an eSIM line releases the profile there too, so the ICCID cannot be
 * downloaded again. No SM-DP+ runs here, so the built-in simulator stands in for it even when
 * HLR_URL points at a real HLR.
 */
export interface EsimProfileService {
  readonly name: string;
  releaseProfile(iccid: string): Promise<NetworkOperation>;
}

export class SimulatedEsimProfiles implements EsimProfileService {
  readonly name = 'simulator';
  readonly released = new Set<string>();

  async releaseProfile(iccid: string): Promise<NetworkOperation> {
    this.released.add(iccid);
    return { operationId: `sim-esim-${crypto.randomUUID()}`, at: new Date().toISOString() };
  }
}
