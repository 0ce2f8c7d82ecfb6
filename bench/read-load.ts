/**
 * What bench/profile.ts and bench/ab.ts load a server with: a fresh PostgreSQL database with
 * `lines` synthetic subscribers, each verified and applied once through a running `lastcall
 * serve`, a supervisor for the console's reads, statistics gathered (as autovacuum would), and
 * the route of one read: the customer's case view, the review queue or the dashboard.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createBenchDatabase, seedSubscribers, type BenchDatabase } from './database.js';
import type { RouteLoad } from './load.js';
import { projectRoot, startChild, type ServerChild } from './processes.js';
import { obtainTokens } from './tokens.js';

export const readTargets = ['view', 'queue', 'dashboard'] as const;
export type ReadTarget = (typeof readTargets)[number];

export interface ReadLoad {
  db: BenchDatabase;
  /** The environment `lastcall serve` ran with; start more servers with it. */
  env: Record<string, string>;
  /** The server the setup went through, still running. */
  server: ServerChild;
  /** The route of `target` on the server at `base` (a staff read logs in there). */
  route(target: ReadTarget, base: string): Promise<RouteLoad>;
  /** Drops the database and the data dir (stop the servers first). */
  close(): Promise<void>;
}

export async function prepareReadLoad(opts: { lines: number; nodeArgs?: string[]; log: (msg: string) => void }): Promise<ReadLoad> {
  const db = await createBenchDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastcall-read-load-'));
  const close = async () => {
    await db.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const secretKey = crypto.randomBytes(32).toString('base64');
    opts.log(`database ${db.name}: ${opts.lines} subscribers`);
    const subscribers = await seedSubscribers(db.url, secretKey, opts.lines);
    const env = {
      PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp',
      DATABASE_URL: db.url, LASTCALL_DATA_DIR: dataDir, LASTCALL_SECRET_KEY: secretKey, LASTCALL_DEMO: '0',
      HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', LASTCALL_RATE_LIMIT_SCALE: '1000000',
    };
    const password = `${crypto.randomBytes(18).toString('base64url')}-Aa1`;
    execFileSync(process.execPath, ['bin/lastcall.js', 'staff', 'add', '--user', 'bench-supervisor', '--role', 'supervisor'], { cwd: projectRoot, input: `${password}\n`, env, stdio: ['pipe', 'ignore', 'inherit'] });
    const server = await startChild([...(opts.nodeArgs ?? []), 'bin/lastcall.js', 'serve'], env, /serving on (http:\/\/\S+)/);
    const refs: { reference: string; token: string }[] = [];
    try {
      for (const c of await obtainTokens(server.base, subscribers)) {
        const res = await fetch(`${server.base}/api/v1/cancellations`, {
          method: 'POST',
          headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ msisdn: c.msisdn, reason: '出国定居，不再使用本号码', acknowledgements: ['prepaid_credit_refund', 'binding_wechat', 'port_out_option', 'backup_reminder'] }),
        });
        const body = (await res.json()) as { reference: string };
        if (res.status !== 201) throw new Error(`apply: ${res.status} ${JSON.stringify(body)}`);
        refs.push({ reference: body.reference, token: c.token });
      }
      // As bench/run.ts does after its applications: statistics for the new cases.
      execFileSync('psql', [db.url, '-qc', 'ANALYZE']);
    } catch (err) {
      await server.stop();
      throw err;
    }
    const route = async (target: ReadTarget, base: string): Promise<RouteLoad> => {
      if (target === 'view') {
        return { method: 'GET', request: (i) => ({ path: `/api/v1/cancellations/${refs[i % refs.length]!.reference}`, headers: { authorization: `Bearer ${refs[i % refs.length]!.token}` } }) };
      }
      const login = await fetch(`${base}/api/v1/staff/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: 'bench-supervisor', password }) });
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const p = target === 'queue' ? '/api/v1/staff/cases?state=undecided&sort=due' : '/api/v1/staff/dashboard';
      return { method: 'GET', request: () => ({ path: p, headers: { cookie } }) };
    };
    return { db, env, server, route, close };
  } catch (err) {
    await close();
    throw err;
  }
}
