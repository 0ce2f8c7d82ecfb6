/** pgbench (Debian's) running lastcall's own SQL: the database's share of each request. */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { projectRoot } from './processes.js';

export interface PgbenchResult {
  tps: number;
  latencyAvgMs: number;
  transactions: number;
  failed: number;
  command: string;
}

/** $PGBENCH, else pgbench on PATH, else the newest /usr/lib/postgresql/N/bin/pgbench. */
export function findPgbench(): string {
  if (process.env.PGBENCH) return process.env.PGBENCH;
  try {
    return execFileSync('sh', ['-c', 'command -v pgbench'], { encoding: 'utf8' }).trim();
  } catch {
    const root = '/usr/lib/postgresql';
    const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin/pgbench'))) : [];
    const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
    if (!newest) throw new Error('pgbench not found: apt-get install postgresql-client (or set PGBENCH)');
    return path.join(root, newest, 'bin/pgbench');
  }
}

const sqlFile = (name: string) => path.resolve(projectRoot, 'bench/pgbench', name);

export async function runSqlFile(url: string, name: string, numbers: Record<string, number> = {}): Promise<void> {
  let sql = fs.readFileSync(sqlFile(name), 'utf8');
  for (const [k, v] of Object.entries(numbers)) sql = sql.replaceAll(`:${k}`, String(Math.trunc(v)));
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Connection settings for pgbench from the URL (libpq's own PG* variables). */
function libpqEnv(url: string): Record<string, string> {
  const u = new URL(url);
  return {
    // ?host=/var/run/postgresql: a Unix socket, as node-postgres reads the same URL.
    PGHOST: u.searchParams.get('host') ?? u.hostname,
    PGPORT: u.port || '5432',
    PGUSER: decodeURIComponent(u.username || 'postgres'),
    PGDATABASE: u.pathname.slice(1),
    ...(u.password ? { PGPASSWORD: decodeURIComponent(u.password) } : {}),
  };
}

const shellQuote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`);

export async function runPgbench(
  url: string,
  script: string,
  opts: { seconds: number; clients: number; vars: Record<string, string | number>; mode?: 'extended' | 'prepared' },
): Promise<PgbenchResult> {
  const args = [
    '-n', // no vacuum of pgbench's own tables (there are none)
    '-M', opts.mode ?? 'extended', // bound parameters, like node-postgres (prepared: a named statement, as lastcall's hot reads)
    '-c', String(opts.clients),
    '-j', String(Math.min(opts.clients, 2)), // two cores: more threads only contend
    '-T', String(opts.seconds),
    '-f', sqlFile(script),
    ...Object.entries(opts.vars).flatMap(([k, v]) => ['-D', `${k}=${v}`]),
  ];
  const bin = findPgbench();
  const env = libpqEnv(url);
  const shown = [bin, ...args].map((a) => (a.length > 80 ? shellQuote(a.slice(0, 40) + '…') : shellQuote(a))).join(' ');
  const command = `${Object.entries(env).filter(([k]) => k !== 'PGPASSWORD').map(([k, v]) => `${k}=${v}`).join(' ')} ${shown}`;
  const { code, out } = await new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(bin, args, { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (c) => resolve({ code: c, out }));
  });
  const num = (re: RegExp) => Number(re.exec(out)?.[1] ?? NaN);
  const result = {
    tps: num(/^tps = ([\d.]+)/m),
    latencyAvgMs: num(/^latency average = ([\d.]+) ms/m),
    transactions: num(/^number of transactions actually processed: (\d+)/m),
    failed: num(/^number of failed transactions: (\d+)/m) || 0,
    command,
  };
  if (code !== 0 || !Number.isFinite(result.tps)) throw new Error(`pgbench ${script} failed (exit ${code}):\n${out.slice(-3000)}`);
  return result;
}
