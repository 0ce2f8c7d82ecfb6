import { compareLinesWithNetwork, type CompareDeps, type CompareOptions, type LineFailure, type LineRepair, type NetworkComparison } from './compare-lines.js';

/**
 * `network sync` and `network reconcile` (CONTRACT §6): both compare every line with the network;
 * sync repairs and answers with what it changed, reconcile answers with the differences and
 * repairs them only when asked.
 */

type RunOptions = Omit<CompareOptions, 'fix'>;

export interface NetworkSyncResult {
  provisioner: string;
  total: number;
  checked: number;
  changes: LineRepair[];
  failures: LineFailure[];
  stopped: string | null;
}

/** Makes the network match the lines: live ones created with their MSISDN and barring, ended ones deleted. */
export async function syncNetwork(deps: CompareDeps, opts: RunOptions = {}): Promise<NetworkSyncResult> {
  const r = await compareLinesWithNetwork(deps, { ...opts, fix: true });
  return { provisioner: r.provisioner, total: r.total, checked: r.checked, changes: r.repairs, failures: r.failures, stopped: r.stopped };
}

/** Every difference between the lines and the network; with `fix`, each repaired (and marked so). */
export function reconcileNetwork(deps: CompareDeps, opts: RunOptions & { fix?: boolean } = {}): Promise<NetworkComparison> {
  return compareLinesWithNetwork(deps, { ...opts, fix: opts.fix ?? false });
}

/** Whether the run compared every line and each one (and each repair) went through. */
export const wentThrough = (r: { failures: LineFailure[]; stopped: string | null }) => r.failures.length === 0 && r.stopped === null;
