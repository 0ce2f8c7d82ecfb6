import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { createLogger } from '../log.js';
import { syncNetwork, wentThrough } from '../app/network/sync.js';
import { startRuntime, type Runtime } from '../main/runtime.js';
import { buildServer } from '../http/server.js';
import { demoPassword, demoStaff } from '../app/staff/auth.js';
import { consoleDir, portalBuilt } from '../http/portal.js';

/** Closes everything once on SIGINT/SIGTERM, so PGlite's files and lock are released cleanly. */
function closeOnSignal(close: () => Promise<void>): Promise<number> {
  return new Promise((resolve) => {
    let closing = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (closing) return;
      closing = true;
      process.stderr.write(`\n${signal}: shutting down…\n`);
      close().then(
        () => resolve(0),
        (err: unknown) => {
          process.stderr.write(`shutdown failed: ${(err as Error).message}\n`);
          resolve(1);
        },
      );
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
}

/**
 * Makes the network hold the lines, in the background: the simulator starts empty in every
 * process, so it is filled at each start (no audit rows: nothing real changed); a real HLR is
 * synced at start only with demo data, so `npm start` with HLR_URL provisions the demo lines.
 * A failure is logged and serving goes on. Returns a stop that waits for the run to end.
 */
function syncNetworkAtStart(runtime: Runtime, config: Config, log: Logger): () => Promise<void> {
  const simulator = !config.hlrUrl;
  if (!simulator && !config.demo) return async () => undefined;
  const stopping = new AbortController();
  const run = syncNetwork(runtime.ctx, { signal: stopping.signal, actor: 'system', audit: !simulator }).then(
    (r) => {
      const summary = { provisioner: r.provisioner, lines: r.total, compared: r.checked, changed: r.changes.length, failed: r.failures.length };
      const text = `network sync at start: ${r.changes.length} of ${r.total} line(s) changed in ${r.provisioner}, ${r.failures.length} failed`;
      // The simulator is filled at every start: routine, not news (a real HLR's sync is).
      if (wentThrough(r)) log[simulator ? 'debug' : 'info'](summary, text);
      else log.warn({ ...summary, stopped: r.stopped, firstFailure: r.failures[0]?.error }, text);
    },
    (err: unknown) => log.error({ err }, 'network sync at start failed; serving goes on (run lastcall network sync)'),
  );
  return async () => {
    stopping.abort();
    await run;
  };
}

/** The SMS centre's address without its password, for the banner. */
const smppHost = (url: string | undefined) => (url ? new URL(url).host : '');
const mailHost = (url: string) => new URL(url).hostname;

export async function serve(config: Config): Promise<number> {
  const log = createLogger(config.logLevel, undefined, config.logFormat);
  const runtime: Runtime = await startRuntime(config, log, { runWorker: true, demoHistory: true, mailIn: true, deferBackground: true });
  const app = await buildServer(runtime.ctx);
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (err) {
    await runtime.close();
    throw new Error(`cannot listen on ${config.host}:${config.port}: ${(err as Error).message}`);
  }
  // Jobs, sweeps and the network's sync once requests are answered (see RuntimeOptions.deferBackground).
  try {
    await runtime.startBackground();
  } catch (err) {
    await app.close();
    await runtime.close();
    throw err;
  }
  const stopSync = syncNetworkAtStart(runtime, config, log);
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const base = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  const lines = [
    '',
    `lastcall is serving on ${base}  (database: ${runtime.ctx.db.kind === 'pglite' ? `embedded, ${config.dataDir}` : 'PostgreSQL'})`,
    portalBuilt() ? `  portal      ${base}/   (网上营业厅 / customer portal)` : '  portal      not built: run npm run build:web (npm start does it)',
    portalBuilt(consoleDir) ? `  console     ${base}/console   (员工工作台 / staff console)` : '  console     not built: run npm run build:web (npm start does it)',
    `  API         ${base}/api/v1`,
    `  API docs    ${base}/docs   (OpenAPI: ${base}/openapi.json)`,
    `  health      ${base}/healthz  ${base}/readyz  ${base}/metrics`,
  ];
  if (runtime.ctx.sender.devMailbox.email) lines.push(`  dev mailbox ${base}/api/v1/dev/mailbox`);
  const smsLink = runtime.ctx.sender.sms ? `SMS centre ${smppHost(config.smppUrl)}` : `no SMS centre: try texts at ${base}/api/v1/dev/sms`;
  lines.push(`  SMS         short code ${config.smsShortcode} (注销 / CANCEL / STAC, 查询 / INFO, 进度 / STATUS); ${smsLink}`);
  if (runtime.mailIn && config.mailIn) lines.push(`  mail in     ${config.mailIn.address} on smtp://${mailHost(config.mailIn.url)}:${runtime.mailIn.port}  (applications by e-mail)`);
  if (config.demo) {
    lines.push(`  staff log-ins (demo data only): ${demoStaff.map((s) => s.user).join(', ')}; password "${demoPassword}"`);
    // The demo people's details are in data/demo-subscribers.csv and the README; the log keeps no personal data, not even theirs.
    lines.push('  demo customers: data/demo-subscribers.csv (e.g. the line +8613800138000)');
  }
  console.log(lines.join('\n') + '\n');
  return closeOnSignal(async () => {
    await app.close();
    await stopSync();
    await runtime.close();
  });
}

export async function runWorker(config: Config): Promise<number> {
  const log = createLogger(config.logLevel, undefined, config.logFormat);
  const runtime = await startRuntime(config, log, { runWorker: true });
  // A worker's simulator starts empty too; a real HLR is left to serve and to `network sync`.
  const stopSync = config.hlrUrl ? async () => undefined : syncNetworkAtStart(runtime, config, log);
  console.log(`lastcall worker running (database: ${runtime.ctx.db.kind}); stop with Ctrl-C`);
  return closeOnSignal(async () => {
    await stopSync();
    await runtime.close();
  });
}

