/**
 * Servers under test run as child processes, so the load generator (this process) and the
 * server never share an event loop: a slow server shows as latency, not as a slow client.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const projectRoot = path.resolve(import.meta.dirname, '..');

export interface ServerChild {
  base: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Starts `node ARGS…` and resolves with the URL it prints (first http://… on stdout). */
export function startChild(args: string[], env: Record<string, string>, urlPattern: RegExp, timeoutMs = 60_000): Promise<ServerChild> {
  const child = spawn(process.execPath, args, { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`no URL within ${timeoutMs} ms`)), timeoutMs);
    const fail = (err: Error) => {
      clearTimeout(timer);
      void stop().then(() => reject(new Error(`${args.join(' ')}: ${err.message}\n${out}`)));
    };
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = urlPattern.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ base: m[1], child, output: () => out, stop });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code, signal) => fail(new Error(`exited early (${code ?? signal})`)));
  });
}

/** The environment without settings that would send messages out or change the adapters. */
function baseEnv(): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' };
}

/** `lastcall serve` on PostgreSQL, on a free port, with the dev mailbox (no SMTP/SMPP unless `extraEnv` sets them). */
export function startLastcall(databaseUrl: string, dataDir: string, secretKey: string, extraEnv: Record<string, string> = {}): Promise<ServerChild> {
  const env = {
    ...baseEnv(),
    DATABASE_URL: databaseUrl,
    LASTCALL_DATA_DIR: dataDir,
    LASTCALL_SECRET_KEY: secretKey,
    LASTCALL_DEMO: '0',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    // Every benchmark client comes from 127.0.0.1; the per-address limits would stop the setup.
    LASTCALL_RATE_LIMIT_SCALE: '1000000',
    ...extraEnv,
  };
  return startChild(['bin/lastcall.js', 'serve'], env, /serving on (http:\/\/\S+)/);
}

/** The bare node:http server answering `answersFile`'s canned bodies. */
export function startBare(answersFile: string): Promise<ServerChild> {
  return startChild(['bin/run-ts.js', 'bench/bare-server.ts'], { ...baseEnv(), BARE_ANSWERS: answersFile }, /listening on (http:\/\/\S+)/);
}

/** CPU seconds (user + system) a process has used so far; NaN where /proc is missing. */
export function cpuSeconds(pid: number | undefined): number {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
  } catch {
    return NaN;
  }
}
