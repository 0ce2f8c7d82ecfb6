/**
 * What the network must hold for a line, by its status (CONTRACT §6), and how what it holds can
 * differ from that. Pure: the network's answer is passed in.
 */

/** Lines that must exist in the network as their IMSI with their MSISDN. */
export const linesInNetwork = ['active', 'suspended', 'pending_termination'] as const;
/** Ended lines: the network must not hold them. */
export const linesOffNetwork = ['terminated', 'released'] as const;

export type LineInNetworkStatus = (typeof linesInNetwork)[number];
export type LineStatusForNetwork = LineInNetworkStatus | (typeof linesOffNetwork)[number];

export const networkDifferenceKinds = ['missing', 'msisdn_differs', 'barring_differs', 'should_be_absent'] as const;
export type NetworkDifferenceKind = (typeof networkDifferenceKinds)[number];

/** A line as our records hold it. */
export interface LineOnRecord {
  id: number;
  /** E.164 with '+'. */
  msisdn: string;
  imsi: string;
  iccid: string;
  status: LineStatusForNetwork;
  /** Whether the line was ever suspended (lost or stolen): a pending termination recreated then stays barred. */
  everSuspended: boolean;
}

/** A subscriber as the network holds it (the port's SubscriberState). */
export interface NetworkHolding {
  imsi: string;
  msisdn: string | null;
  csEnabled: boolean;
  psEnabled: boolean;
}

export interface NetworkDifference {
  kind: NetworkDifferenceKind;
  msisdn: string;
  imsi: string;
  lineId: number;
  status: LineStatusForNetwork;
  /** What the network holds for the IMSI; null when it holds nothing. */
  held: NetworkHolding | null;
}

export const isInNetworkStatus = (status: string): status is LineInNetworkStatus => (linesInNetwork as readonly string[]).includes(status);

/**
 * The barring a line must have: an active line open, a suspended one closed (CS and PS off); a
 * pending termination keeps what it has (null), since its fulfilment is about to end it anyway.
 */
export function requiredBarring(status: LineInNetworkStatus): boolean | null {
  if (status === 'active') return false;
  if (status === 'suspended') return true;
  return null;
}

const barred = (h: NetworkHolding) => !h.csEnabled && !h.psEnabled;
const open = (h: NetworkHolding) => h.csEnabled && h.psEnabled;

/** Every way the network's holding differs from what the line requires; empty when they agree. */
export function networkDifferences(line: LineOnRecord, held: NetworkHolding | null): NetworkDifference[] {
  const difference = (kind: NetworkDifferenceKind): NetworkDifference => ({ kind, msisdn: line.msisdn, imsi: line.imsi, lineId: line.id, status: line.status, held });
  if (!isInNetworkStatus(line.status)) return held ? [difference('should_be_absent')] : [];
  if (!held) return [difference('missing')];
  const found: NetworkDifference[] = [];
  if (held.msisdn !== line.msisdn) found.push(difference('msisdn_differs'));
  const want = requiredBarring(line.status);
  if (want !== null && !(want ? barred(held) : open(held))) found.push(difference('barring_differs'));
  return found;
}

/**
 * The barring to provision a line with when repairing it: what its status requires; for a
 * pending termination what it has now (any service off counts as barred, the safer reading), or
 * when the network lost it, barred if the line was ever suspended.
 */
export function repairBarring(line: LineOnRecord, held: NetworkHolding | null): boolean {
  const want = isInNetworkStatus(line.status) ? requiredBarring(line.status) : null;
  if (want !== null) return want;
  return held ? !open(held) : line.everSuspended;
}
