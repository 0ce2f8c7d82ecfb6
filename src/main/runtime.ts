import fs from 'node:fs';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { systemClock, type AppContext, type Clock } from '../app/context.js';
import { openCalendarBook } from '../app/sla/calendars.js';
import { importSubscribers } from '../app/lines/import-subscribers.js';
import { seedDemoStaff } from '../app/staff/auth.js';
import { createMessageSender, type MessageSender } from '../adapters/messages.js';
import { SimulatedNetwork, type NetworkProvisioner } from '../adapters/network.js';
import { OsmoHlrNetwork } from '../adapters/osmo-hlr.js';
import { measuredNetwork } from '../adapters/measured-network.js';
import { SimulatedEsimProfiles } from '../adapters/esim-profiles.js';
import { Metrics } from '../metrics.js';
import { jobHandlers } from '../jobs/handlers.js';
import { OutboxWorker, type WorkerOptions } from '../jobs/outbox-worker.js';
import { startSweeps } from '../jobs/sweeps.js';
import { seedDemoHistory } from '../app/demo/demo-history.js';
import { openDatabase, type Database } from '../store/db.js';
import { migrate } from '../store/migrate.js';
import { countSubscribers } from '../store/subscribers.js';
import { loadSecretKey, derivedKey } from '../store/secret.js';
import { openVault, type Vault } from '../security/vault.js';
import { defaultLimits, scaleLimits, type Limits } from '../app/identity/limits.js';
import { sealPlaintextRows } from '../app/keys/seal-plaintext.js';
import { moveDocumentsIntoDatabase } from '../app/evidence/documents-upgrade.js';
import { later, openMailIn, openSmsLink } from './channels.js';
import type { MailReceiver } from '../adapters/mail-in/receiver.js';
import { WebhookSender } from '../adapters/webhooks/sender.js';
import { PdfPool } from '../pdf/pool.js';

export const demoSubscribersFile = new URL('../../data/demo-subscribers.csv', import.meta.url);

export interface Runtime {
  ctx: AppContext;
  worker: OutboxWorker | null;
  /** The SMTP receiver for e-mailed applications (with `mailIn` and LASTCALL_MAIL_IN). */
  mailIn: MailReceiver | undefined;
  /** Starts the outbox worker and the sweeps if `deferBackground` held them back (once; else nothing). */
  startBackground(): Promise<void>;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  runWorker: boolean;
  clock?: Clock;
  network?: NetworkProvisioner;
  sender?: MessageSender;
  webhooks?: AppContext['webhooks'];
  worker?: WorkerOptions;
  /** An already open database (tests); the runtime then leaves closing it to the caller. */
  db?: Database;
  limits?: Partial<Limits>;
  /** With demo data, also a past of cases to look at (`serve`: the queue and dashboard are not empty). */
  demoHistory?: boolean;
  /** Listen for e-mailed applications when LASTCALL_MAIL_IN is set (`serve`; a worker does not). */
  mailIn?: boolean;
  /**
   * With `runWorker`: the worker and the sweeps wait for startBackground(). `serve` starts them once
   * it listens: on PGlite every statement runs on this one thread, and the start-up sweeps' and the
   * worker's first statements (0.7 s of them on a restart) held the HTTP server's start up behind them.
   */
  deferBackground?: boolean;
}

/** The network the configuration names (an Osmocom HLR, or the built-in simulator), counted for /metrics. */
export function openNetwork(config: Config, metrics: Metrics, clock: Clock = systemClock): NetworkProvisioner {
  // Operations are stamped with the product's clock, like everything else in a case's history.
  const inner = config.hlrUrl ? new OsmoHlrNetwork({ url: config.hlrUrl, now: () => clock.now() }) : new SimulatedNetwork();
  return measuredNetwork(inner, metrics);
}

/** Loads the demo subscribers and staff log-ins into an empty database. */
export async function seedDemo(db: Database, vault: Vault, log: Logger, quarantineDays: (region: string) => number) {
  if ((await countSubscribers(db)) > 0) return false;
  const result = await importSubscribers(db, vault, fs.readFileSync(demoSubscribersFile, 'utf8'), { quarantineDays });
  const staff = await seedDemoStaff(db);
  log.info({ imported: result.imported, skipped: result.skipped.length, staff }, 'demo data loaded');
  return true;
}

/** Opens the database, migrates, loads calendars and (optionally) starts the outbox worker. */
export async function startRuntime(config: Config, log: Logger, opts: RuntimeOptions): Promise<Runtime> {
  const db = opts.db ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  const closeDb = opts.db ? async () => undefined : () => db.close();
  const closers: (() => Promise<void>)[] = [];
  try {
    const applied = await migrate(db);
    if (applied.length > 0) log.info({ applied }, 'migrations applied');
    const calendars = await openCalendarBook(db);
    const masterKey = loadSecretKey(config.secretKey, config.dataDir, (m) => log.warn(m));
    const vault = await openVault(db, derivedKey(masterKey, 'vault'));
    closers.push(() => vault.close());
    const sealed = await sealPlaintextRows(db, vault);
    if (sealed > 0) log.warn({ sealed }, 'sealed personal data written before encryption at rest');
    await moveDocumentsIntoDatabase(db, vault, config.dataDir, log);
    const metrics = new Metrics();
    // Its workers start with the first PDF asked for, not here.
    const pdf = new PdfPool({ size: config.pdfWorkers });
    closers.push(() => pdf.close());
    const ready = later<AppContext>('the runtime');
    const sms = opts.sender ? undefined : openSmsLink(config, log, metrics, ready);
    const sender = opts.sender ?? createMessageSender({ smtpUrl: config.smtpUrl, mailFrom: config.mailFrom, db, vault, sms });
    closers.push(async () => sender.close?.());
    let worker: OutboxWorker | null = null;
    let stopSweeps: () => void = () => {};
    const network = opts.network ? measuredNetwork(opts.network, metrics) : openNetwork(config, metrics, opts.clock ?? systemClock);
    closers.push(async () => {
      await network.close?.();
    });
    const ctx: AppContext = {
      config,
      db,
      clock: opts.clock ?? systemClock,
      calendars,
      network,
      esim: new SimulatedEsimProfiles(),
      metrics,
      sender,
      webhooks: opts.webhooks ?? new WebhookSender({ allowPrivate: config.partners.allowPrivateHooks }),
      secret: derivedKey(masterKey, 'hmac'),
      vault,
      pdf,
      limits: scaleLimits({ ...defaultLimits, ...opts.limits }, config.rateLimitScale),
      log,
      wakeWorker: () => worker?.wake(),
    };
    ready.set(ctx);
    if (config.demo) {
      const seeded = await seedDemo(db, vault, log, (r) => (calendars.has(r) ? calendars.settings(r).quarantineDays : 90));
      if (seeded && opts.demoHistory) {
        const history = await seedDemoHistory(ctx, vault, ctx.clock.now());
        log.info(history, 'demo history loaded');
      }
    }
    const mailIn = opts.mailIn ? await openMailIn(config, log, ready) : undefined;
    if (mailIn) closers.push(() => mailIn.close());
    let background: Promise<void> | undefined;
    const startBackground = () => {
      background ??= (async () => {
        if (!worker) return;
        await worker.start();
        stopSweeps = startSweeps(ctx);
      })();
      return background;
    };
    if (opts.runWorker) worker = new OutboxWorker(db, jobHandlers(ctx), log, opts.worker);
    if (!opts.deferBackground) await startBackground();
    return {
      ctx,
      worker,
      mailIn,
      startBackground,
      async close() {
        await background?.catch(() => undefined);
        stopSweeps();
        await worker?.stop();
        // The last opened first: the mail intake, then the network, the message links, the vault.
        for (const close of closers.reverse()) await close();
        await closeDb();
      },
    };
  } catch (err) {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    await closeDb().catch(() => undefined);
    throw err;
  }
}
