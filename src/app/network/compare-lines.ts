import type { AppContext } from '../context.js';
import type { LineIdentity } from '../../adapters/network.js';
import { isPermanent } from '../../adapters/outside-error.js';
import {
  isInNetworkStatus,
  linesInNetwork,
  linesOffNetwork,
  networkDifferences,
  repairBarring,
  type LineOnRecord,
  type LineStatusForNetwork,
  type NetworkDifference,
  type NetworkDifferenceKind,
  type NetworkHolding,
} from '../../domain/line-network.js';
import { appendAudit } from '../../store/audit.js';
import { findLineById } from '../../store/lines.js';
import { countNetworkLines, readNetworkLinePage, type NetworkLineQuery, type NetworkLineRow } from '../../store/network.js';

/**
 * Compares every line with the network, line by line, and (with `fix`) repairs what differs. Lines
 * are read in pages and compared a few at a time, so 100k lines take flat memory and the HLR is
 * never flooded; a line that fails is reported and the run goes on.
 */

export type CompareDeps = Pick<AppContext, 'db' | 'network' | 'clock'>;

export interface CompareOptions {
  fix: boolean;
  onProgress?: (done: number, total: number) => void;
  /** Stops taking new lines (a shutting-down server); what was compared so far is returned. */
  signal?: AbortSignal;
  /** Who the audit rows of repairs name. */
  actor?: string;
  /** Whether repairs leave audit rows (not when a process fills its own empty simulator). */
  audit?: boolean;
  concurrency?: number;
  pageSize?: number;
  /** This many transport failures in a row and the run stops: the network is not answering. */
  giveUpAfter?: number;
}

export interface DifferenceFound extends NetworkDifference {
  repaired: boolean;
}

/** What a repair did to one line in the network. */
export interface LineRepair {
  lineId: number;
  msisdn: string;
  imsi: string;
  status: LineStatusForNetwork;
  action: 'provisioned' | 'deleted';
  kinds: NetworkDifferenceKind[];
  /** For `provisioned`: whether CS and PS were left off. */
  barred: boolean | null;
  /** What the network held before. */
  held: NetworkHolding | null;
}

export interface LineFailure {
  lineId: number;
  msisdn: string;
  imsi: string;
  stage: 'inspect' | 'repair';
  error: string;
  permanent: boolean;
}

export interface NetworkComparison {
  provisioner: string;
  /** Lines to compare when the run started. */
  total: number;
  /** Lines whose holding in the network was read. */
  checked: number;
  differences: DifferenceFound[];
  repairs: LineRepair[];
  failures: LineFailure[];
  /** Why the run ended before every line was compared; null when it did not. */
  stopped: string | null;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

function lineOnRecord(row: NetworkLineRow): LineOnRecord {
  return { id: row.id, msisdn: row.msisdn, imsi: row.imsi, iccid: row.iccid, status: row.status as LineStatusForNetwork, everSuspended: row.ever_suspended };
}

async function* linesOf(deps: CompareDeps, which: NetworkLineQuery['which'], pageSize: number): AsyncGenerator<LineOnRecord> {
  let afterId = 0;
  for (;;) {
    const page = await readNetworkLinePage(deps.db, { which, inNetwork: linesInNetwork, offNetwork: linesOffNetwork, afterId, limit: pageSize });
    for (const row of page) yield lineOnRecord(row);
    if (page.length < pageSize) return;
    afterId = page[page.length - 1]!.id;
  }
}

export async function compareLinesWithNetwork(deps: CompareDeps, opts: CompareOptions): Promise<NetworkComparison> {
  const concurrency = Math.max(1, opts.concurrency ?? 8);
  const pageSize = Math.max(1, opts.pageSize ?? 500);
  const giveUpAfter = Math.max(1, opts.giveUpAfter ?? 50);
  const query = { inNetwork: linesInNetwork, offNetwork: linesOffNetwork };
  const total = (await countNetworkLines(deps.db, { which: 'absent', ...query })) + (await countNetworkLines(deps.db, { which: 'present', ...query }));
  const result: NetworkComparison = { provisioner: deps.network.name, total, checked: 0, differences: [], repairs: [], failures: [], stopped: null };
  let done = 0;
  let streak = 0;
  opts.onProgress?.(0, total);

  const fail = (line: LineOnRecord, stage: LineFailure['stage'], err: unknown) => {
    const permanent = isPermanent(err);
    result.failures.push({ lineId: line.id, msisdn: line.msisdn, imsi: line.imsi, stage, error: message(err), permanent });
    if (permanent) return;
    if (++streak >= giveUpAfter && !result.stopped) result.stopped = `the network stopped answering (${streak} failures in a row; the last: ${message(err)})`;
  };

  const compareOne = async (line: LineOnRecord) => {
    let held: NetworkHolding | null;
    try {
      held = await deps.network.inspect(line.imsi);
    } catch (err) {
      return fail(line, 'inspect', err);
    }
    streak = 0;
    result.checked++;
    const found = networkDifferences(line, held);
    if (found.length === 0) return;
    if (!opts.fix) {
      result.differences.push(...found.map((d) => ({ ...d, repaired: false })));
      return;
    }
    try {
      // A live line may have moved on while it was compared (suspended, or ended by a fulfilment):
      // repairing it as read would undo that; the next run sees it as it is. An ended line stays ended.
      if (isInNetworkStatus(line.status) && (await findLineById(deps.db, line.id))?.status !== line.status) return;
      const repair = await repairLine(deps, line, held, found, opts.audit === false ? null : (opts.actor ?? 'system'));
      result.repairs.push(repair);
      result.differences.push(...found.map((d) => ({ ...d, repaired: true })));
    } catch (err) {
      result.differences.push(...found.map((d) => ({ ...d, repaired: false })));
      fail(line, 'repair', err);
    }
  };

  // Ended lines first: a stale subscriber deleted frees its MSISDN for the live line that holds it now.
  for (const which of ['absent', 'present'] as const) {
    const source = linesOf(deps, which, pageSize);
    const next = async (): Promise<LineOnRecord | null> => {
      if (result.stopped || opts.signal?.aborted) return null;
      const n = await source.next();
      return n.done ? null : n.value;
    };
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let line = await next(); line; line = await next()) {
          await compareOne(line);
          opts.onProgress?.(++done, total);
        }
      }),
    );
  }
  if (!result.stopped && opts.signal?.aborted) result.stopped = 'stopped before every line was compared';
  return result;
}

/** Makes the network hold what the line requires, then writes the audit row saying so. */
async function repairLine(deps: CompareDeps, line: LineOnRecord, held: NetworkHolding | null, found: NetworkDifference[], actor: string | null): Promise<LineRepair> {
  const identity: LineIdentity = { msisdn: line.msisdn, imsi: line.imsi, iccid: line.iccid };
  const kinds = found.map((d) => d.kind);
  let repair: LineRepair;
  if (isInNetworkStatus(line.status)) {
    const barred = repairBarring(line, held);
    await deps.network.provision(identity, { barred });
    repair = { lineId: line.id, msisdn: line.msisdn, imsi: line.imsi, status: line.status, action: 'provisioned', kinds, barred, held };
  } else {
    await deps.network.deactivate(identity);
    repair = { lineId: line.id, msisdn: line.msisdn, imsi: line.imsi, status: line.status, action: 'deleted', kinds, barred: null, held };
  }
  if (actor === null) return repair;
  await appendAudit(deps.db, deps.clock.now(), {
    actor,
    action: 'network.repaired',
    subject: line.msisdn,
    data: { lineId: line.id, imsi: line.imsi, status: line.status, kinds, action: repair.action, barred: repair.barred, provisioner: deps.network.name },
  });
  return repair;
}
