import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A real osmo-hlr for integration tests, in a temp folder, on a loopback address of its own:
 * its CTRL (4259), VTY (4258) and GSUP (4222) ports are fixed, and 127.0.0.1:4222 is taken by
 * NATS on the build machine, so each instance gets 127.0.0.x.
 */
export const osmoHlrBin = process.env.OSMO_HLR_BIN || '/usr/bin/osmo-hlr';
const FIXED_PORTS = [4222, 4258, 4259];

/** Whether the suite can run; under CI=true a missing osmo-hlr fails the run instead of skipping it. */
export function osmoHlrAvailable(): boolean {
  const ok = fs.existsSync(osmoHlrBin);
  if (!ok && process.env.CI === 'true') throw new Error(`${osmoHlrBin} is missing (CI=true requires it: apt-get install osmo-hlr, or set OSMO_HLR_BIN)`);
  return ok;
}

export interface RunningHlr {
  address: string;
  ctrlPort: number;
  /** HLR_URL for this instance. */
  url: string;
  dbFile: string;
  /** Asks the HLR directly (its own connection, not the client under test). */
  ctrl(text: string): Promise<string>;
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same database and address. */
  restart(): Promise<void>;
  /** Stops it and removes its folder. */
  stop(): Promise<void>;
}

export async function startOsmoHlr(opts: { address?: string } = {}): Promise<RunningHlr> {
  const address = opts.address ?? (await freeLoopbackAddress());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastcall-hlr-'));
  const cfg = path.join(dir, 'hlr.cfg');
  const dbFile = path.join(dir, 'hlr.db');
  fs.writeFileSync(cfg, ['log stderr', ' logging level all notice', 'line vty', ` bind ${address} 4258`, 'ctrl', ` bind ${address}`, 'hlr', ' gsup', `  bind ip ${address}`, ''].join('\n'));
  let child: ChildProcess | null = null;
  let log = '';

  const launch = async () => {
    const c = spawn(osmoHlrBin, ['-c', cfg, '-l', dbFile], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    child = c;
    c.stdout!.on('data', (d: Buffer) => (log += d.toString()));
    c.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    const until = Date.now() + 15_000;
    for (;;) {
      if (c.exitCode !== null || c.signalCode !== null) throw new Error(`osmo-hlr exited at start:\n${log}`);
      try {
        await rawCtrl(address, 4259, 'GET 1 subscriber.by-imsi-001010000000000.info', 1000);
        return;
      } catch {
        if (Date.now() > until) throw new Error(`osmo-hlr CTRL did not answer on ${address}:4259:\n${log}`);
        await sleep(50);
      }
    }
  };
  const kill = async (signal: NodeJS.Signals = 'SIGTERM') => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
    c.kill(signal);
    const stuck = setTimeout(() => c.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(stuck);
  };

  await launch();
  return {
    address,
    ctrlPort: 4259,
    url: `osmo-ctrl://${address}:4259`,
    dbFile,
    ctrl: (text) => rawCtrl(address, 4259, text),
    output: () => log,
    kill,
    restart: async () => {
      await kill();
      await launch();
    },
    stop: async () => {
      await kill();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A 127.0.0.x (20..249) where none of osmo-hlr's fixed ports is in use. */
async function freeLoopbackAddress(): Promise<string> {
  for (let tries = 0; tries < 50; tries++) {
    const address = `127.0.0.${20 + Math.floor(Math.random() * 230)}`;
    const free = await Promise.all(FIXED_PORTS.map((port) => portFree(address, port)));
    if (free.every(Boolean)) return address;
  }
  throw new Error('no free 127.0.0.x address for osmo-hlr');
}

function portFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port }, () => server.close(() => resolve(true)));
  });
}

/**
 * One CTRL request on a connection of its own, written independently of the code under test.
 * Resolves with the answer's text (`GET_REPLY 7 var value`, `ERROR 7 reason`), TRAPs skipped.
 */
export function rawCtrl(host: string, port: number, text: string, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    let buf = Buffer.alloc(0);
    const done = (err: Error | null, answer?: string) => {
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(answer!);
    };
    const timer = setTimeout(() => done(new Error(`raw CTRL: no answer to ${text}`)), timeoutMs);
    socket.on('error', (err) => done(err));
    socket.on('connect', () => {
      const body = Buffer.from(text, 'ascii');
      const head = Buffer.from([0, 0, 0xee, 0]);
      head.writeUInt16BE(body.length + 1, 0);
      socket.write(Buffer.concat([head, body]));
    });
    socket.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 3 && buf.length >= 3 + buf.readUInt16BE(0)) {
        const answer = buf.toString('latin1', 4, 3 + buf.readUInt16BE(0));
        buf = buf.subarray(3 + buf.readUInt16BE(0));
        if (!answer.startsWith('TRAP ')) return done(null, answer);
      }
    });
  });
}

/** The `info` answer for an IMSI as key → value, or the HLR's ERROR text. */
export async function rawInfo(hlr: RunningHlr, imsi: string): Promise<Record<string, string> | string> {
  const answer = await hlr.ctrl(`GET 99 subscriber.by-imsi-${imsi}.info`);
  if (!answer.startsWith('GET_REPLY ')) return answer.replace(/^ERROR 99 /, '');
  const body = answer.slice(answer.indexOf('\n') + 1);
  return Object.fromEntries(body.split('\n').filter(Boolean).map((l) => l.split('\t') as [string, string]));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function eventually<T>(probe: () => Promise<T | undefined | false>, ms = 15000, what = 'condition'): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
