import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Client, eventually, mailbox, oliver, verifyAs, zhangWei } from '../support/harness.js';
import { projectRoot, spawnServe, waitReady, type ServerProcess } from '../support/process.js';
import { freePort } from '../support/smtp-sink.js';

/**
 * Everything `lastcall serve` writes at LOG_LEVEL=debug during a whole cancellation, with the
 * failures around it, is read back line by line: no personal data of any demo subscriber, no
 * code, token, cookie, CSRF token, password or secret key may appear in it.
 */

const acks = ['prepaid_credit_refund', 'binding_bank', 'binding_alipay', 'binding_wechat', 'port_out_option', 'backup_reminder'];
const demoPeople = fs
  .readFileSync(path.join(projectRoot, 'data/demo-subscribers.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [name, , idNumber, email] = line.split(',');
    return { name: name!, idNumber: idNumber!, email: email! };
  });

// What callers typed that did not match: personal data all the same.
const zhangWrong = { ...zhangWei, name: '张卫', idNumber: '110105194912310038', email: 'zhangwei.private@example.net' };
const oliverWrong = { ...oliver, name: 'Olivia Smythe', idNumber: 'K7654321', email: 'o.smythe@example.org' };
const wrongStaffPassword = 'Tr0ub4dor&3-not-it';
const badJsonPassword = 'hunter2-in-broken-json';
const bankAccountNumber = '6222020200001234567';
const badAccountNumber = '62220202009';

describe('the log of a whole journey at LOG_LEVEL=debug holds no personal data and no secrets', () => {
  let server: ServerProcess | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastcall-logs-'));
  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('drives verification, application, review, approval, errors and mail, then finds nothing to hide in stdout or stderr', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    server = spawnServe({ LASTCALL_DATA_DIR: dataDir, LASTCALL_DEMO: '1', PORT: String(port), LOG_LEVEL: 'debug' });
    await waitReady(base, server);

    // ── Customers: right and wrong details for 张伟 and Oliver ───────────────────────────────
    const zhang = new Client(base);
    await verifyAs(zhang, zhangWei);
    const olly = new Client(base);
    await verifyAs(olly, oliver);
    for (const wrong of [zhangWrong, oliverWrong]) {
      const r = await new Client(base).post('/api/v1/verifications', wrong);
      expect(r.status, JSON.stringify(r.body)).toBe(202);
    }
    // A code that is wrong, with the verification of a wrong-details attempt.
    const wrongStart = await new Client(base).post('/api/v1/verifications', { ...zhangWrong, channel: 'email' });
    expect(wrongStart.status).toBe(202);
    expect((await zhang.post(`/api/v1/verifications/${wrongStart.body.verificationId}/confirm`, { code: '000000' })).status).toBeGreaterThanOrEqual(400);

    const msisdn = encodeURIComponent(zhangWei.msisdn);
    expect((await zhang.get(`/api/v1/lines/${msisdn}`)).status).toBe(200);
    expect((await zhang.get(`/api/v1/lines/${msisdn}/precheck`)).status).toBe(200);
    expect((await olly.get(`/api/v1/lines/${encodeURIComponent(oliver.msisdn)}/precheck`)).status).toBe(200);
    // A refund to a bank account, and one refused for an account number too short: neither number may be logged.
    const tooShort = { method: 'bank_account', holderName: zhangWei.name, bankName: '工商银行', accountNumber: badAccountNumber };
    expect((await zhang.post('/api/v1/cancellations', { msisdn: zhangWei.msisdn, reason: '不再使用', refund: tooShort, acknowledgements: acks })).status).toBe(400);
    const refund = { method: 'bank_account', holderName: zhangWei.name, bankName: '工商银行', accountNumber: bankAccountNumber };
    const applied = await zhang.post('/api/v1/cancellations', { msisdn: zhangWei.msisdn, reason: '不再使用', refund, acknowledgements: acks }, { 'idempotency-key': 'log-redaction-1' });
    expect(applied.status, JSON.stringify(applied.body)).toBe(201);
    const ref: string = applied.body.reference;

    // ── Staff: a wrong password, the right one, take the case, approve, read it ──────────────
    const reviewer = new Client(base);
    const refused = await reviewer.post('/api/v1/staff/session', { user: 'reviewer', password: wrongStaffPassword });
    expect(refused.status).toBe(401);
    await reviewer.loginStaff('reviewer');
    const sessionCookie = reviewer.cookie.split('=').slice(1).join('=');
    expect(sessionCookie.length).toBeGreaterThan(20);
    expect((await reviewer.post(`/api/v1/staff/cases/${ref}/assign`, {})).status).toBe(200);
    const approved = await reviewer.post(`/api/v1/staff/cases/${ref}/approve`, { note: '资料齐全' });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect((await reviewer.get(`/api/v1/staff/cases/${ref}`)).status).toBe(200);

    // ── Broken and unknown requests carrying personal data ─────────────────────────────────
    const brokenJson = [
      `{"msisdn":"${zhangWei.msisdn}","name":"${zhangWei.name}","idNumber":"${zhangWei.idNumber}","email":"${zhangWei.email}" "channel":"sms"}`,
      `{"idNumber":"${zhangWei.idNumber}", email: "${zhangWei.email}"}`,
      `{"email":"${oliver.email}","idNumber":"${oliver.idNumber}",`,
    ];
    for (const raw of brokenJson) {
      const r = await new Client(base).post('/api/v1/verifications', raw);
      expect(r.status, JSON.stringify(r.body)).toBe(400);
    }
    const brokenLogin = await new Client(base).post('/api/v1/staff/session', `{"user":"reviewer" "password":"${badJsonPassword}"}`);
    expect(brokenLogin.status).toBe(400);
    expect((await new Client(base).get('/api/v1/nothing-here')).status).toBe(404);
    expect((await zhang.get(`/api/v1/dev/mailbox?to=${encodeURIComponent(zhangWei.email)}`)).status).toBe(200);

    // ── The worker sends the mails and takes the line off the network ──────────────────────
    await eventually(async () => (await zhang.get(`/api/v1/cancellations/${ref}`)).body.state === 'completed', 30_000, 'the case to complete');
    const messages = await eventually(async () => {
      const m = await mailbox(zhang);
      return m.filter((x) => x.channel === 'email' && x.to === zhangWei.email).length >= 3 && m;
    }, 20_000, 'the confirmation, approval and completion e-mails');
    expect((await reviewer.call('DELETE', '/api/v1/staff/session')).status).toBe(204);

    server.child.kill('SIGTERM');
    expect(await server.exited, server.output()).toBe(0);
    const output = server.output();

    // The capture is not vacuous: every request was logged (debug adds whatever the product logs at that level).
    expect(output).toMatch(/"msg":"request"/);
    // One line per request, with its answer.
    expect(output).not.toMatch(/"msg":"(incoming request|request completed)"/);
    expect(output).toMatch(/"status":201,"ms":[\d.]+,"msg":"request"/);
    expect(output).toMatch(/"url":"\/api\/v1\/staff\/cases\/LC-/);
    expect(output).toMatch(/"url":"\/api\/v1\/dev\/mailbox\?to=/);

    const codes = [...new Set(messages.filter((m) => m.channel === 'sms' || /\b\d{6}\b/.test(m.text)).flatMap((m) => m.text.match(/(?<!\d)\d{6}(?!\d)/g) ?? []))];
    expect(codes.length).toBeGreaterThanOrEqual(2);
    const secretKey = fs.readFileSync(path.join(dataDir, 'secret.key'), 'utf8').trim();
    const forbidden: [string, string][] = [
      ...demoPeople.flatMap((p): [string, string][] => [
        [`name of ${p.email}`, p.name],
        [`ID number of ${p.email}`, p.idNumber],
        ['e-mail', p.email],
      ]),
      ...[zhangWrong, oliverWrong].flatMap((w): [string, string][] => [
        ['wrongly typed name', w.name],
        ['wrongly typed ID number', w.idNumber],
        ['wrongly typed e-mail', w.email],
      ]),
      ['张伟 bearer token', zhang.token],
      ['Oliver bearer token', olly.token],
      ['staff session cookie', sessionCookie],
      ['CSRF token', reviewer.csrf],
      ['wrong staff password', wrongStaffPassword],
      ['password inside broken JSON', badJsonPassword],
      ['secret key', secretKey],
      ['bank account number', bankAccountNumber],
      ['refused bank account number', badAccountNumber],
    ];
    const lines = output.split('\n');
    const leaks: string[] = [];
    for (const [what, value] of forbidden) {
      for (const line of lines) if (line.toLowerCase().includes(value.toLowerCase())) leaks.push(`${what} (${value}) in: ${line.slice(0, 400)}`);
    }
    for (const code of codes) {
      // Bounded by anything but digits and the dot of a decimal (response times have long fractions).
      const pattern = new RegExp(`(?<![\\d.])${code}(?![\\d.])`);
      for (const line of lines) if (pattern.test(line)) leaks.push(`verification code ${code} in: ${line.slice(0, 400)}`);
    }
    // The demo password is printed once, on purpose, in the start-up banner (CONTRACT §1); nowhere else.
    for (const line of lines) if (line.includes('lastcall-demo') && !/staff log-ins \(demo data only\)/.test(line)) leaks.push(`demo password in: ${line.slice(0, 400)}`);
    expect(leaks).toEqual([]);
  }, 120_000);
});
