/**
 * OUR SMSC for tests: a separate process speaking real SMPP 3.4 on a loopback port, on the npm
 * `smpp` package's server side (independent of lastcall's own encoder, so the two check each
 * other). It checks the bind password, records every submit_sm decoded, answers with its own
 * message ids, sends delivery receipts and incoming texts as deliver_sm, and can throttle, refuse,
 * drop connections or stop listening on command.
 *
 *   node bin/run-ts.js test/support/smsc/server.ts --port 0 --system-id lastcall --password secret [--control-port 0]
 *
 * Prints one JSON line `{"port":…, "controlPort":…}` when ready. Control over HTTP on 127.0.0.1:
 * POST /mode (SmscCommand), POST /incoming {from, to, text}, POST /reset, GET /submitted, GET /stats.
 */
import http from 'node:http';
import type net from 'node:net';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import smpp, { type Pdu, type Session } from 'smpp';
import type { SmscCommand, SmscMode, SmscStats, SubmittedSm } from './types.js';

const { values: args } = parseArgs({
  // Under bin/run-ts.js the script's own path is the first argument.
  args: process.argv.slice(2).filter((a) => !a.endsWith('server.ts')),
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    'system-id': { type: 'string', default: 'lastcall' },
    password: { type: 'string', default: 'secret' },
    'control-port': { type: 'string', default: '0' },
  },
});

const ESME_RINVBNDSTS = 0x04;
const ESME_RINVDSTADR = 0x0b;
const ESME_RBINDFAIL = 0x0d;
const ESME_RTHROTTLED = 0x58;

const defaultMode = (): SmscMode => ({ receipts: 'delivered', receiptDelayMs: 20, throttle: 0, throttleAfter: 0, refuse: 0, refuseStatus: ESME_RINVDSTADR, ignoreEnquireLink: false, respondAfterMs: 0 });

let mode = defaultMode();
let submitted: SubmittedSm[] = [];
const stats: Omit<SmscStats, 'sessions' | 'waiting'> = { binds: 0, bindFailures: 0, enquireLinks: 0, maxOutstanding: 0, throttled: 0, refused: 0, deliveries: [] };
const bound = new Set<Session>();
/** deliver_sm for which no session was bound yet: sent on the next bind, as a real SMSC keeps them. */
const waiting: { fields: Record<string, unknown>; kind: 'text' | 'receipt' }[] = [];
let outstanding = 0;
let nextId = 1;
/** Ids stay unique across restarts of this process. */
const idPrefix = randomBytes(3).toString('hex');

const server = smpp.createServer({}, (session) => accept(session));
let smppPort = Number(args.port);

function accept(session: Session): void {
  let systemId = '';
  session.socket.setNoDelay(true);
  session.on('error', () => session.destroy());
  session.on('close', () => bound.delete(session));
  session.on('pdu', (pdu: Pdu) => {
    if (pdu.isResponse()) return;
    switch (pdu.command) {
      case 'bind_transceiver':
        if (pdu.system_id === args['system-id'] && pdu.password === args.password) {
          systemId = String(pdu.system_id);
          stats.binds += 1;
          bound.add(session);
          session.send(pdu.response({ system_id: 'lastcall-smsc' }));
          flushWaiting();
        } else {
          stats.bindFailures += 1;
          session.send(pdu.response({ command_status: ESME_RBINDFAIL }));
          session.close();
        }
        return;
      case 'bind_transmitter':
      case 'bind_receiver':
        session.send(pdu.response({ command_status: ESME_RBINDFAIL }));
        return;
      case 'enquire_link':
        stats.enquireLinks += 1;
        if (!mode.ignoreEnquireLink) session.send(pdu.response());
        return;
      case 'unbind':
        bound.delete(session);
        session.send(pdu.response());
        session.close();
        return;
      case 'submit_sm':
        return submit(session, systemId, pdu);
      default:
        session.send(pdu.response({ command_status: 0x03 }));
    }
  });
}

function submit(session: Session, systemId: string, pdu: Pdu): void {
  if (!bound.has(session)) return void session.send(pdu.response({ command_status: ESME_RINVBNDSTS }));
  outstanding += 1;
  stats.maxOutstanding = Math.max(stats.maxOutstanding, outstanding);
  let answer: Record<string, unknown>;
  let record: SubmittedSm | null = null;
  const acceptFirst = mode.throttle > 0 && mode.throttleAfter > 0;
  if (acceptFirst) mode.throttleAfter -= 1;
  if (mode.throttle > 0 && !acceptFirst) {
    mode.throttle -= 1;
    stats.throttled += 1;
    answer = { command_status: ESME_RTHROTTLED };
  } else if (mode.refuse > 0) {
    mode.refuse -= 1;
    stats.refused += 1;
    answer = { command_status: mode.refuseStatus };
  } else {
    record = recordOf(pdu, systemId, `${idPrefix}${(nextId++).toString(16).padStart(6, '0')}`);
    submitted.push(record);
    answer = { message_id: record.messageId };
  }
  const reply = () => {
    outstanding -= 1;
    if (!session.socket.destroyed) session.send(pdu.response(answer));
    if (record && mode.receipts !== 'none') {
      const r = record;
      const delivered = mode.receipts === 'delivered';
      setTimeout(() => deliver(receiptFields(r, delivered), 'receipt', session), mode.receiptDelayMs);
    }
  };
  if (mode.respondAfterMs > 0) setTimeout(reply, mode.respondAfterMs);
  else reply();
}

function recordOf(pdu: Pdu, systemId: string, messageId: string): SubmittedSm {
  const sm = pdu.short_message as { udh?: Buffer[]; message?: unknown } | Buffer | undefined;
  const decoded = sm && !Buffer.isBuffer(sm) ? sm : { message: sm };
  const ie = decoded.udh?.find((u) => u[0] === 0x00 && u[1] === 3);
  return {
    messageId,
    systemId,
    sourceAddr: String(pdu.source_addr),
    sourceTon: Number(pdu.source_addr_ton),
    sourceNpi: Number(pdu.source_addr_npi),
    destinationAddr: String(pdu.destination_addr),
    destTon: Number(pdu.dest_addr_ton),
    destNpi: Number(pdu.dest_addr_npi),
    dataCoding: Number(pdu.data_coding),
    esmClass: Number(pdu.esm_class),
    registeredDelivery: Number(pdu.registered_delivery),
    udh: ie ? { reference: ie[2]!, total: ie[3]!, sequence: ie[4]! } : null,
    text: typeof decoded.message === 'string' ? decoded.message : Buffer.isBuffer(decoded.message) ? decoded.message.toString('latin1') : '',
    at: Date.now(),
  };
}

const smppDate = (d: Date) => d.toISOString().replace(/[-:T]/g, '').slice(2, 12); // YYMMDDhhmm

function receiptFields(s: SubmittedSm, delivered: boolean): Record<string, unknown> {
  const now = smppDate(new Date());
  const stat = delivered ? 'DELIVRD' : 'UNDELIV';
  // The free text: tail echoes the message's start; a parser must not read fields from it.
  const text = `id:${s.messageId} sub:001 dlvrd:${delivered ? '001' : '000'} submit date:${smppDate(new Date(s.at))} done date:${now} stat:${stat} err:${delivered ? '000' : '001'} text:${s.text.replace(/[^ -~]/g, '').slice(0, 20)}`;
  return {
    source_addr_ton: s.destTon,
    source_addr_npi: s.destNpi,
    source_addr: s.destinationAddr,
    dest_addr_ton: s.sourceTon,
    dest_addr_npi: s.sourceNpi,
    destination_addr: s.sourceAddr,
    esm_class: 0x04,
    data_coding: 0,
    short_message: Buffer.from(text, 'latin1'),
    receipted_message_id: s.messageId,
    message_state: delivered ? 2 : 5,
  };
}

/** A phone's text as deliver_sm parts: ASCII in the default alphabet (160/153), else UCS-2 (70/67). */
function incomingFields(from: string, to: string, text: string): Record<string, unknown>[] {
  const ascii = /^[\x20-\x7e\r\n]*$/.test(text) && !/[[\]{}\\^~|]/.test(text);
  const [single, each, dataCoding] = ascii ? [160, 153, 0] : [70, 67, 8];
  const chunks: string[] = [];
  if (text.length <= single) chunks.push(text);
  else for (let at = 0; at < text.length; at += each) chunks.push(text.slice(at, at + each));
  const ref = Math.floor(Math.random() * 256);
  return chunks.map((chunk, i) => ({
    source_addr_ton: 1,
    source_addr_npi: 1,
    source_addr: from.replace(/^\+/, ''),
    dest_addr_ton: 3,
    dest_addr_npi: 0,
    destination_addr: to,
    esm_class: 0,
    data_coding: dataCoding,
    short_message: chunks.length === 1 ? chunk : { udh: Buffer.from([0x05, 0x00, 0x03, ref, chunks.length, i + 1]), message: chunk },
  }));
}

/** Sends on `prefer` if it is bound, else on any bound session, else keeps it for the next bind. */
function deliver(fields: Record<string, unknown>, kind: 'text' | 'receipt', prefer?: Session): void {
  const session = prefer && bound.has(prefer) ? prefer : [...bound][0];
  if (!session) return void waiting.push({ fields, kind });
  const pdu = new smpp.PDU('deliver_sm', fields);
  session.send(pdu, (resp) => void stats.deliveries.push({ kind, status: resp.command_status }));
}

function flushWaiting(): void {
  for (const w of waiting.splice(0)) deliver(w.fields, w.kind);
}

function dropAll(): void {
  for (const s of server.sessions.slice()) s.destroy();
  bound.clear();
}

let accepting = true;
function setAccepting(on: boolean): Promise<void> {
  if (on === accepting) return Promise.resolve();
  accepting = on;
  if (!on) {
    dropAll();
    return new Promise((resolve) => server.close(() => resolve()));
  }
  return listen(smppPort);
}

function listen(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, args.host, () => {
      server.off('error', reject);
      smppPort = (server.address() as net.AddressInfo).port;
      resolve();
    });
  });
}

async function control(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  const input = body ? (JSON.parse(body) as Record<string, unknown>) : {};
  const reply = (value: unknown) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(value ?? {}));
  };
  const route = `${req.method} ${req.url}`;
  if (route === 'GET /submitted') return reply(submitted);
  if (route === 'GET /stats') return reply({ ...stats, sessions: bound.size, waiting: waiting.length } satisfies SmscStats);
  if (route === 'POST /reset') {
    mode = defaultMode();
    submitted = [];
    Object.assign(stats, { binds: 0, bindFailures: 0, enquireLinks: 0, maxOutstanding: 0, throttled: 0, refused: 0, deliveries: [] });
    waiting.length = 0;
    return reply({});
  }
  if (route === 'POST /incoming') {
    const parts = incomingFields(String(input.from), String(input.to), String(input.text));
    const sentAt = Date.now();
    for (const fields of parts) deliver(fields, 'text');
    return reply({ parts: parts.length, sentAt });
  }
  if (route === 'POST /mode') {
    const { drop, accepting: on, ...rest } = input as SmscCommand;
    mode = { ...mode, ...rest };
    if (drop) dropAll();
    if (on !== undefined) await setAccepting(on);
    return reply(mode);
  }
  res.writeHead(404).end();
}

await listen(smppPort);
const controlServer = http.createServer((req, res) => {
  control(req, res).catch((err: Error) => {
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: err.message }));
  });
});
await new Promise<void>((resolve) => controlServer.listen(Number(args['control-port']), '127.0.0.1', resolve));
process.stdout.write(`${JSON.stringify({ port: smppPort, controlPort: (controlServer.address() as net.AddressInfo).port })}\n`);

process.on('SIGTERM', () => {
  dropAll();
  controlServer.close();
  server.close(() => process.exit(0));
});
