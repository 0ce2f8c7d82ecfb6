import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { createLogger } from '../log.js';
import { startRuntime } from '../main/runtime.js';
import { reconcileNetwork, syncNetwork, wentThrough } from '../app/network/sync.js';
import type { DifferenceFound, LineFailure, LineRepair } from '../app/network/compare-lines.js';
import { progressBar } from './terminal.js';
import { UsageError } from './usage.js';

/**
 * `lastcall network sync` and `lastcall network reconcile [--fix]` (CONTRACT §2, §6): the lines
 * compared with the HLR named by HLR_URL. Differences and changes go to stdout, one line each
 * starting with the MSISDN; failures, the summary and the progress to stderr.
 */

export const networkUsage = 'usage: lastcall network sync | lastcall network reconcile [--fix]';

const onOff = (enabled: boolean) => (enabled ? 'on' : 'off');

export function describeDifference(d: DifferenceFound): string {
  const held = d.held;
  let detail: string;
  if (d.kind === 'missing') detail = `IMSI ${d.imsi} (${d.status}) is not in the network`;
  else if (d.kind === 'should_be_absent') detail = `IMSI ${d.imsi} is in the network, but the line is ${d.status}`;
  else if (d.kind === 'msisdn_differs') detail = `IMSI ${d.imsi} holds MSISDN ${held?.msisdn ?? 'none'}`;
  else {
    const want = d.status === 'suspended' ? 'off' : 'on';
    detail = `IMSI ${d.imsi} has CS ${onOff(held?.csEnabled ?? false)} and PS ${onOff(held?.psEnabled ?? false)}; a ${d.status} line needs both ${want}`;
  }
  return `${d.msisdn} ${d.kind}: ${detail}${d.repaired ? ' (repaired)' : ''}`;
}

export function describeChange(c: LineRepair): string {
  const access = c.barred ? 'CS and PS off' : 'CS and PS on';
  if (c.action === 'deleted') return `${c.msisdn} deleted IMSI ${c.imsi} (the line is ${c.status})`;
  if (!c.held) return `${c.msisdn} created IMSI ${c.imsi} with its MSISDN, ${access}`;
  const parts: string[] = [];
  if (c.kinds.includes('msisdn_differs')) parts.push(`MSISDN set (was ${c.held.msisdn ?? 'none'})`);
  if (c.kinds.includes('barring_differs')) parts.push(c.barred ? 'barred (CS and PS off)' : 'unbarred (CS and PS on)');
  return `${c.msisdn} updated IMSI ${c.imsi}: ${parts.join('; ')}`;
}

const describeFailure = (f: LineFailure) => `${f.msisdn} could not be ${f.stage === 'inspect' ? 'compared' : 'repaired'}: ${f.error}`;

/** Stops taking new lines on Ctrl-C; what was done so far is still printed. */
function stopOnInterrupt(): { signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  return { signal: controller.signal, release: () => process.off('SIGINT', onSignal) };
}

export async function networkCommand(args: string[], config: () => Config): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'sync' && sub !== 'reconcile') throw new UsageError(networkUsage);
  const { values } = parseArgs({ args: rest, options: sub === 'reconcile' ? { fix: { type: 'boolean' } } : {}, strict: true });
  const fix = sub === 'reconcile' && values.fix === true;
  const cfg = config();
  if (!cfg.hlrUrl) {
    throw new UsageError('HLR_URL is not set: without it the network is the built-in simulator, which lives inside a serving process (set HLR_URL=osmo-ctrl://HOST[:PORT])');
  }
  const runtime = await startRuntime({ ...cfg, demo: false }, createLogger('warn'), { runWorker: false });
  const interrupt = stopOnInterrupt();
  try {
    const { ctx } = runtime;
    try {
      await ctx.network.ping();
    } catch (err) {
      console.error(`lastcall network ${sub}: the HLR at ${cfg.hlrUrl} does not answer: ${(err as Error).message}`);
      return 1;
    }
    const progress = progressBar(sub === 'sync' ? 'syncing' : 'comparing');
    const run = { onProgress: progress.update, signal: interrupt.signal, actor: 'cli' };
    if (sub === 'sync') {
      const r = await syncNetwork(ctx, run);
      progress.done();
      for (const c of r.changes) console.log(describeChange(c));
      for (const f of r.failures) console.error(describeFailure(f));
      if (r.stopped) console.error(`stopped: ${r.stopped}`);
      console.error(`${r.provisioner}: ${r.checked} of ${r.total} line(s) compared, ${r.changes.length} changed, ${r.failures.length} failed`);
      return wentThrough(r) ? 0 : 1;
    }
    const r = await reconcileNetwork(ctx, { ...run, fix });
    progress.done();
    for (const d of r.differences) console.log(describeDifference(d));
    for (const f of r.failures) console.error(describeFailure(f));
    if (r.stopped) console.error(`stopped: ${r.stopped}`);
    const repaired = r.differences.filter((d) => d.repaired).length;
    console.error(
      `${r.provisioner}: ${r.checked} of ${r.total} line(s) compared, ${r.differences.length} difference(s)` +
        `${fix ? `, ${repaired} repaired` : ''}${r.failures.length ? `, ${r.failures.length} failed` : ''}`,
    );
    if (!wentThrough(r)) return 1;
    return fix || r.differences.length === 0 ? 0 : 1;
  } finally {
    interrupt.release();
    await runtime.close();
  }
}
