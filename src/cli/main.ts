import { parseArgs } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, ConfigError, type Config } from '../config.js';
import { createLogger } from '../log.js';
import { startRuntime, seedDemo, demoSubscribersFile } from '../main/runtime.js';
import { importSubscribers, seedSyntheticSubscribers } from '../app/lines/import-subscribers.js';
import { addStaffUser, seedDemoStaff } from '../app/staff/auth.js';
import { loadOfficialSchedules } from '../app/sla/official-schedules.js';
import { staffRoles, staffUserNamePattern, staffUserNameRule, type StaffRole } from '../domain/roles.js';
import { parseCalendarFile, CalendarFileError } from '../store/calendar-file-format.js';
import { openDatabase, DatabaseLockedError, type Database } from '../store/db.js';
import { migrate } from '../store/migrate.js';
import { staffUserExists } from '../store/staff.js';
import { calendarDue } from './calendar-due.js';
import { serve, runWorker } from './serve.js';
import { UsageError, usage } from './usage.js';
import { runAuditVerify } from './audit-verify.js';
import { reportSla, reportSlaUsage } from './report-sla.js';
import { networkCommand } from './network.js';
import { terminateCommand } from './terminate.js';
import { progressBar, promptNewPassword } from './terminal.js';
import { appendAudit } from '../store/audit.js';
import { keyStatus, rotateDataKey } from '../app/keys/rotate-keys.js';
import { sealPlaintextRows } from '../app/keys/seal-plaintext.js';
import { passwordProblem } from '../security/passwords.js';
import { openVault, rewrapKeys, type Vault } from '../security/vault.js';
import { derivedKey, loadSecretKey, parseSecretKey, replaceGeneratedKey } from '../store/secret.js';

type Args = string[];

/** Opens the configured database, brought up to date first unless the command is `migrate` itself. */
async function withDatabase<T>(config: Config, fn: (db: Database) => Promise<T>, migrateFirst = true): Promise<T> {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    if (migrateFirst) await migrate(db);
    return await fn(db);
  } finally {
    await db.close();
  }
}

/** The database and the vault that seals personal data in it. */
async function withVault<T>(config: Config, fn: (db: Database, vault: Vault) => Promise<T>): Promise<T> {
  return withDatabase(config, async (db) => {
    const key = loadSecretKey(config.secretKey, config.dataDir, (m) => console.error(`warning: ${m}`));
    const vault = await openVault(db, derivedKey(key, 'vault'), { listen: false });
    try {
      await sealPlaintextRows(db, vault);
      return await fn(db, vault);
    } finally {
      await vault.close();
    }
  });
}

function readFileArg(file: string | undefined, what: string): string {
  if (!file) throw new UsageError(`${what}: give a file name`);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`${what}: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const commands: Record<string, (args: Args, config: () => Config) => Promise<number>> = {
  async serve(args, config) {
    parseArgs({ args, options: {}, strict: true });
    return serve(config());
  },
  async worker(args, config) {
    parseArgs({ args, options: {}, strict: true });
    return runWorker(config());
  },
  async migrate(args, config) {
    parseArgs({ args, options: {}, strict: true });
    const applied = await withDatabase(config(), (db) => migrate(db), false);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
    return 0;
  },
  async seed(args, config) {
    const { values } = parseArgs({ args, options: { subscribers: { type: 'string' } }, strict: true });
    const extra = values.subscribers === undefined ? 0 : Number(values.subscribers);
    if (!Number.isInteger(extra) || extra < 0 || extra > 1_000_000) throw new UsageError('--subscribers: a whole number from 0 to 1000000');
    const cfg = config();
    const log = createLogger('warn');
    return withVault(cfg, async (db, vault) => {
      const loaded = await seedDemo(db, vault, log, () => 90);
      if (!loaded) {
        const demo = await importSubscribers(db, vault, fs.readFileSync(demoSubscribersFile, 'utf8'));
        console.log(`demo subscribers: ${demo.imported} new, ${demo.skipped.length} already there`);
        await seedDemoStaff(db);
      } else console.log('demo subscribers and staff log-ins loaded');
      if (extra > 0) {
        const result = await seedSyntheticSubscribers(db, vault, extra);
        console.log(`synthetic subscribers: ${result.imported} imported, ${result.skipped} skipped`);
      }
      return 0;
    });
  },
  async import(args, config) {
    const { positionals } = parseArgs({ args, options: {}, strict: true, allowPositionals: true });
    if (positionals[0] !== 'subscribers' || positionals.length !== 2) throw new UsageError('usage: lastcall import subscribers FILE.csv');
    const text = readFileArg(positionals[1], 'import subscribers');
    return withVault(config(), async (db, vault) => {
      const result = await importSubscribers(db, vault, text);
      for (const s of result.skipped) console.error(`line ${s.line}: ${s.reason}`);
      console.log(`${result.imported} imported, ${result.skipped.length} skipped`);
      return result.skipped.length > 0 && result.imported === 0 ? 2 : 0;
    });
  },
  async calendar(args, config) {
    const [sub, ...rest] = args;
    if (sub === 'due') return calendarDue(rest);
    if (sub === 'load') {
      const { positionals } = parseArgs({ args: rest, options: {}, strict: true, allowPositionals: true });
      const text = readFileArg(positionals[0], 'calendar load');
      let years;
      try {
        years = parseCalendarFile(JSON.parse(text));
      } catch (err) {
        throw new UsageError(`calendar load: ${(err as Error).message}`);
      }
      const cfg = config();
      const runtime = await startRuntime({ ...cfg, demo: false }, createLogger('warn'), { runWorker: false });
      try {
        const result = await loadOfficialSchedules(runtime.ctx.db, runtime.ctx.calendars, years, new Date(), runtime.ctx.config.sla);
        console.log(`loaded ${result.years.join(', ')}; ${result.recomputed.length} provisional due day(s) recomputed`);
        for (const r of result.recomputed) console.log(`  ${r.reference}: ${r.from} -> ${r.to}`);
        return 0;
      } finally {
        await runtime.close();
      }
    }
    throw new UsageError('usage: lastcall calendar due|load …');
  },
  async staff(args, config) {
    const [sub, ...rest] = args;
    if (sub !== 'add') throw new UsageError('usage: lastcall staff add --user NAME --role ROLE');
    const { values } = parseArgs({ args: rest, options: { user: { type: 'string' }, role: { type: 'string' } }, strict: true });
    if (!values.user || !staffUserNamePattern.test(values.user)) throw new UsageError(`--user: ${staffUserNameRule}`);
    if (!staffRoles.includes(values.role as StaffRole)) throw new UsageError(`--role: one of ${staffRoles.join(', ')}`);
    const password = process.stdin.isTTY ? await promptNewPassword() : (await readStdin()).replace(/\r?\n$/, '');
    const problem = passwordProblem(password);
    if (problem) throw new UsageError(`password: ${problem}`);
    return withDatabase(config(), async (db) => {
      if (await staffUserExists(db, values.user!)) throw new UsageError(`staff add: ${values.user} already exists`);
      await addStaffUser(db, values.user!, values.role as StaffRole, password, { by: 'cli' });
      console.log(`added ${values.user} (${values.role})`);
      return 0;
    });
  },
  async audit(args, config) {
    const [sub, ...rest] = args;
    if (sub !== 'verify') throw new UsageError('usage: lastcall audit verify');
    parseArgs({ args: rest, options: {}, strict: true });
    return withDatabase(config(), (db) => runAuditVerify(db, (line) => console.log(line)));
  },
  async report(args, config) {
    const [sub, ...rest] = args;
    if (sub !== 'sla') throw new UsageError(reportSlaUsage);
    return reportSla(rest, (fn) => withDatabase(config(), fn));
  },
  network(args, config) {
    return networkCommand(args, config);
  },
  terminate(args, config) {
    return terminateCommand(args, config);
  },
  async keys(args, config) {
    const [sub, ...rest] = args;
    if (sub === 'rewrap') return rewrapCommand(rest, config());
    if (sub !== 'rotate' && sub !== 'status') throw new UsageError('usage: lastcall keys rotate|status|rewrap --new-key-file FILE');
    parseArgs({ args: rest, options: {}, strict: true });
    return withVault(config(), async (db, vault) => {
      if (sub === 'rotate') {
        const bar = progressBar('re-encrypting');
        const result = await rotateDataKey(db, vault, bar.update);
        bar.done();
        await db.transaction((tx) => appendAudit(tx, new Date(), { actor: 'cli', action: 'keys.rotated', subject: null, data: { newKeyId: result.newKeyId, retired: result.retired, reencrypted: result.reencrypted } }));
        console.log(`new data key ${result.newKeyId}; ${result.reencrypted} value(s) re-encrypted; retired: ${result.retired.join(', ') || 'none'}`);
      }
      for (const k of await keyStatus(db)) console.log(`${k.id}  ${k.purpose.padEnd(5)}  ${k.state.padEnd(7)}  ${k.createdAt}  ${k.rows} value(s)`);
      return 0;
    });
  },
};

/**
 * Rotates LASTCALL_SECRET_KEY itself: every data key is re-wrapped under the new master key. With
 * the key generated into the data dir, the file is replaced; a configured key must then be changed
 * by the operator, server by server.
 */
async function rewrapCommand(args: Args, cfg: Config): Promise<number> {
  const { values } = parseArgs({ args, options: { 'new-key-file': { type: 'string' } }, strict: true });
  const newKey = parseSecretKey(readFileArg(values['new-key-file'], 'keys rewrap --new-key-file').trim());
  if (!newKey) throw new UsageError('keys rewrap: the new key file must hold 32 bytes, base64-encoded (e.g. `openssl rand -base64 32`)');
  const oldKey = loadSecretKey(cfg.secretKey, cfg.dataDir, (m) => console.error(`warning: ${m}`));
  return withDatabase(cfg, async (db) => {
    const count = await rewrapKeys(db, derivedKey(oldKey, 'vault'), derivedKey(newKey, 'vault'));
    await appendAudit(db, new Date(), { actor: 'cli', action: 'keys.rewrapped', subject: null, data: { keys: count } });
    if (!cfg.secretKey) {
      replaceGeneratedKey(cfg.dataDir, newKey);
      console.log(`${count} key(s) re-wrapped; ${path.join(cfg.dataDir, 'secret.key')} now holds the new key`);
    } else {
      console.log(`${count} key(s) re-wrapped; restart every lastcall process with LASTCALL_SECRET_KEY set to the new key`);
      console.log('(until then, running processes keep working with the keys they hold; customer tokens issued before the restart end with it)');
    }
    return 0;
  });
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    console.error(`lastcall: unknown command "${name}" (try lastcall --help)`);
    return 2;
  }
  try {
    return await command(args, () => loadConfig());
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError || err instanceof CalendarFileError) {
      console.error(`lastcall ${name}: ${err.message}`);
      return 2;
    }
    if ((err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`lastcall ${name}: ${(err as Error).message}`);
      return 2;
    }
    if (err instanceof DatabaseLockedError) {
      console.error(`lastcall ${name}: ${err.message}`);
      return 1;
    }
    console.error(`lastcall ${name}: ${(err as Error).message}`);
    return 1;
  }
}
