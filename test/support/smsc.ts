import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { projectRoot } from './process.js';
import type { SmscCommand, SmscMode, SmscStats, SubmittedSm } from './smsc/types.js';

export type { SmscCommand, SmscMode, SmscStats, SubmittedSm } from './smsc/types.js';

/**
 * Our SMSC (test/support/smsc/server.ts) as a separate process, with a handle to steer it from a
 * test: what it received, texts from phones, throttling/refusing/dropping, and the process itself
 * killed and started again on the same port (an SMSC down for a while).
 */
export interface Smsc {
  /** smpp://SYSTEM_ID:PASSWORD@127.0.0.1:PORT, the value for SMPP_URL. */
  url: string;
  port: number;
  systemId: string;
  password: string;
  submitted(): Promise<SubmittedSm[]>;
  stats(): Promise<SmscStats>;
  /**
   * A phone `from` ('+86…') texts `to` (the short code); long texts go as UCS-2 parts. `sentAt` is
   * the SMSC's clock as it wrote the deliver_sm, comparable with SubmittedSm.at.
   */
  sendIncoming(from: string, to: string, text: string): Promise<{ parts: number; sentAt: number }>;
  setMode(command: SmscCommand): Promise<SmscMode>;
  /** Forgets what it recorded and goes back to the default behaviour. */
  reset(): Promise<void>;
  /** SIGKILL: the SMSC is gone, connections reset, the port refuses. */
  kill(): Promise<void>;
  /** Starts the process again on the same port (after kill() or stop()); a fresh record. */
  restart(): Promise<void>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
}

const serverScript = path.join(projectRoot, 'test/support/smsc/server.ts');

async function launch(args: string[]): Promise<{ child: ChildProcess; port: number; controlPort: number }> {
  const child = spawn(process.execPath, [path.join(projectRoot, 'bin/run-ts.js'), serverScript, ...args], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr!.on('data', (d: Buffer) => (errors += d.toString()));
  const lines = readline.createInterface({ input: child.stdout! });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the SMSC did not start within 20 s:\n${errors}`));
    }, 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the SMSC exited with ${code} before it was ready:\n${errors}`));
    });
    lines.once('line', (line) => {
      clearTimeout(timer);
      const ready = JSON.parse(line) as { port: number; controlPort: number };
      resolve({ child, ...ready });
    });
  });
}

export async function startSmsc(opts: { systemId?: string; password?: string } = {}): Promise<Smsc> {
  const systemId = opts.systemId ?? 'lastcall';
  const password = opts.password ?? 'secret';
  const first = await launch(['--port', '0', '--system-id', systemId, '--password', password]);
  const port = first.port;
  let child: ChildProcess | null = first.child;
  let control = `http://127.0.0.1:${first.controlPort}`;

  const call = async <T>(method: 'GET' | 'POST', route: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${control}${route}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) });
    if (!res.ok) throw new Error(`SMSC ${method} ${route}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const end = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      const c = child;
      child = null;
      if (!c || c.exitCode !== null || c.signalCode !== null) return resolve();
      c.once('exit', () => resolve());
      c.kill(signal);
    });

  return {
    url: `smpp://${encodeURIComponent(systemId)}:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    port,
    systemId,
    password,
    submitted: () => call('GET', '/submitted'),
    stats: () => call('GET', '/stats'),
    sendIncoming: (from, to, text) => call('POST', '/incoming', { from, to, text }),
    setMode: (command) => call('POST', '/mode', command),
    reset: () => call('POST', '/reset'),
    kill: () => end('SIGKILL'),
    stop: () => end('SIGTERM'),
    async restart() {
      await end('SIGKILL');
      const next = await launch(['--port', String(port), '--system-id', systemId, '--password', password]);
      child = next.child;
      control = `http://127.0.0.1:${next.controlPort}`;
    },
  };
}
