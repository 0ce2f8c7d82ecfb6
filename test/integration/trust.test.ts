import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/app/evidence/audit.js';
import { auditHash } from '../../src/domain/audit-chain.js';
import { canonicalJson } from '../../src/domain/canonical-json.js';
import type { Limits } from '../../src/app/identity/limits.js';
import { keyStatus, rotateDataKey } from '../../src/app/keys/rotate-keys.js';
import { formatReference } from '../../src/domain/reference.js';
import { parseSubscriberCsv } from '../../src/domain/subscriber-csv.js';
import type { Database } from '../../src/store/db.js';
import { testDatabases, testDatabaseAvailable } from '../support/databases.js';
import { Client, eventually, liNa, mailbox, oliver, startHarness, verifyAs, zhangWei, type Answer, type Harness } from '../support/harness.js';
import { projectRoot } from '../support/process.js';

/*
 * The trust promises of lastcall, checked over HTTP against the whole product on each database:
 * verification that tells nobody who is a customer, rate limits and code guessing, tokens that
 * open only their own data, staff roles, four eyes, CSRF, cookies, lock-out and sessions,
 * personal data sealed at rest, the audit chain, the evidence bundle and key rotation.
 */

type Person = { msisdn: string; name: string; idNumber: string; email: string };

const wangQiang: Person = { msisdn: '+8618611112222', name: '王强', idNumber: '440305199207086819', email: 'wang.qiang@example.com' };
const liuYang: Person = { msisdn: '+8617700001111', name: '刘洋', idNumber: '330106199901010013', email: 'liu.yang@example.com' };
/** 刘洋's second line, with the same person behind it. */
const liuYangSecondLine: Person = { ...liuYang, msisdn: '+8619912345678' };
const amelia: Person = { msisdn: '+447400654321', name: 'Amelia Jones', idNumber: '987654321', email: 'amelia.jones@example.co.uk' };
/** A valid mobile number and document that belong to nobody in the demo data. */
const stranger: Person = { msisdn: '+8613700001234', name: '无名氏', idNumber: 'E99887766', email: 'nobody@example.com' };

const allAcks = ['prepaid_credit_refund', 'early_termination_charge', 'binding_bank', 'binding_alipay', 'binding_wechat', 'binding_other', 'port_out_option', 'esim_profile', 'backup_reminder'];

const minute = 60_000;
const hour = 60 * minute;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const hex64 = /^[0-9a-f]{64}$/;
const sealedValue = /^lc1\.[a-z0-9]{4,16}\.[A-Za-z0-9_-]+$/;
const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/** Moves the harness clock forward; TestClock only knows `set`. */
function advance(h: Harness, ms: number) {
  h.clock.set(new Date(h.clock.now().getTime() + ms).toISOString());
}

/** Waits a moment so a message that should not be sent would have had time to arrive. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

/** Requests as if they came from `address`, through a proxy the server trusts (TRUST_PROXY=1). */
const from = (address: string) => ({ 'x-forwarded-for': address });
let addressCounter = 0;
const freshAddress = () => `198.51.100.${++addressCounter}`;

async function newestMessageId(c: Client): Promise<number> {
  return Math.max(0, ...(await mailbox(c)).map((m) => m.id));
}

/** Messages in the dev mailbox to one recipient, newer than `afterId`. */
async function messagesTo(c: Client, to: string, afterId: number) {
  const r = await c.get<{ id: number; channel: string; to: string; subject: string; text: string }[]>(`/api/v1/dev/mailbox?to=${encodeURIComponent(to)}`);
  expect(r.status).toBe(200);
  return r.body.filter((m) => m.id > afterId);
}

/** The 6-digit code of the first verification message to `to` newer than `afterId`. */
async function codeSentTo(c: Client, to: string, afterId: number): Promise<string> {
  const message = await eventually(
    async () => (await messagesTo(c, to, afterId)).find((m) => /^(验证码|Verification code)$/.test(m.subject)),
    10_000,
    `a verification code to ${to}`,
  );
  return /\b\d{6}\b/.exec(message.text)![0];
}

/** Starts a verification for `who` and reads its code from the dev mailbox. */
async function startWithCode(c: Client, who: Person, headers: Record<string, string> = {}) {
  const before = await newestMessageId(c);
  const start = await c.post('/api/v1/verifications', who, headers);
  expect(start.status).toBe(202);
  const code = await codeSentTo(c, start.body.channel === 'email' ? who.email : who.msisdn, before);
  return { id: start.body.verificationId as string, code };
}

const confirm = (c: Client, verificationId: string, code: string, headers: Record<string, string> = {}) =>
  c.post(`/api/v1/verifications/${verificationId}/confirm`, { code }, headers);

/** A code that is certainly not `code`. */
const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

/** The contract's error shape, and nothing beside it at the top level. */
function expectError(a: Answer, status: number, code: string) {
  expect(a.status, JSON.stringify(a.body)).toBe(status);
  expect(Object.keys(a.body)).toEqual(['error']);
  expect(a.body.error).toMatchObject({ code, message: expect.any(String) });
}

/** A 429 in the contract's shape with a whole-second Retry-After inside the rule's window. */
function expectRateLimited(a: Answer, code: string, windowMs: number): number {
  expectError(a, 429, code);
  const retryAfter = a.headers.get('retry-after');
  expect(retryAfter).toMatch(/^\d+$/);
  const seconds = Number(retryAfter);
  expect(seconds).toBeGreaterThanOrEqual(1);
  expect(seconds).toBeLessThanOrEqual(windowMs / 1000);
  return seconds;
}

async function staffAs(h: Harness, user: string): Promise<Client> {
  const c = new Client(h.base);
  await c.loginStaff(user);
  return c;
}

/** The same browser session, but a request that does not carry the CSRF token. */
function withoutCsrf(c: Client): Client {
  const bare = new Client(c.base);
  bare.cookie = c.cookie;
  return bare;
}

const tryLogin = (h: Harness, user: string, password: string) => new Client(h.base).post('/api/v1/staff/session', { user, password });

/** Verifies as `who` and applies to cancel their line; answers the customer client and the reference. */
async function applyAs(h: Harness, who: Person): Promise<{ customer: Client; ref: string }> {
  const customer = new Client(h.base);
  await verifyAs(customer, who);
  const applied = await customer.post('/api/v1/cancellations', { msisdn: who.msisdn, reason: '不再使用', acknowledgements: allAcks });
  expect(applied.status, JSON.stringify(applied.body)).toBe(201);
  return { customer, ref: applied.body.reference };
}

/** Opens a case for a caller on the phone, as a staff member. */
async function openForCaller(staff: Client, who: Person): Promise<string> {
  const opened = await staff.post('/api/v1/staff/cases', { msisdn: who.msisdn, reason: 'Caller asked to cancel', acknowledgements: allAcks, channel: 'hotline' });
  expect(opened.status, JSON.stringify(opened.body)).toBe(201);
  return opened.body.reference;
}

/** Every demo subscriber's name, ID number and e-mail, from the project's own copy of the file. */
function demoPersonalData(): string[] {
  const { rows, problems } = parseSubscriberCsv(fs.readFileSync(path.join(projectRoot, 'data/demo-subscribers.csv'), 'utf8'));
  expect(problems).toEqual([]);
  return [...new Set(rows.flatMap((r) => [r.name, r.idNumber, r.email]))];
}

/** Every value of every column of every table in the public schema, as text. */
async function everyStoredValue(db: Database): Promise<{ table: string; column: string; value: string }[]> {
  const columns = await db.query<{ table_name: string; column_name: string }>(
    `SELECT c.table_name, c.column_name
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
      ORDER BY c.table_name, c.ordinal_position`,
  );
  const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const values: { table: string; column: string; value: string }[] = [];
  for (const { table_name: table, column_name: column } of columns) {
    const rows = await db.query<{ v: string }>(`SELECT ${ident(column)}::text AS v FROM ${ident(table)} WHERE ${ident(column)} IS NOT NULL`);
    for (const r of rows) values.push({ table, column, value: r.v });
  }
  return values;
}

/** What someone with owner rights can do: switch the append-only guard off, change rows, switch it on. */
async function asIntruder(db: Database, fn: () => Promise<unknown>): Promise<void> {
  await db.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change');
  try {
    await fn();
  } finally {
    await db.exec('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change');
  }
}

// ---------------------------------------------------------------------------------------------
// 1 + 4: verification and customer tokens
// ---------------------------------------------------------------------------------------------

describe.each(testDatabases)('customer verification and tokens (%s)', async (kind) => {
  const available = await testDatabaseAvailable(kind);
  let h: Harness;
  beforeAll(async () => {
    if (available) h = (await startHarness(kind, { now: '2026-11-25T10:00:00+08:00' }))!;
  });
  afterAll(async () => h?.close());

  it.skipIf(!available)('answers wrong and right details with the same 202 shape, and sends a 6-digit code only for a match', async () => {
    const c = new Client(h.base);
    const before = await newestMessageId(c);
    const wrongName = await c.post('/api/v1/verifications', { ...zhangWei, name: '李四' });
    const unknownLine = await c.post('/api/v1/verifications', stranger);
    const right = await c.post('/api/v1/verifications', zhangWei);

    for (const answer of [wrongName, unknownLine, right]) {
      expect(answer.status).toBe(202);
      expect(Object.keys(answer.body).sort()).toEqual(['channel', 'expiresAt', 'maskedDestination', 'verificationId']);
      expect(answer.body).toEqual({
        verificationId: expect.stringMatching(uuid),
        channel: 'sms',
        maskedDestination: expect.stringMatching(/^\+\d+\*{4}\d{4}$/),
        expiresAt: expect.stringMatching(isoInstant),
      });
    }
    expect(wrongName.body.maskedDestination).toBe(right.body.maskedDestination);
    expect(wrongName.body.expiresAt).toBe(right.body.expiresAt);
    expect(Date.parse(right.body.expiresAt) - h.clock.now().getTime()).toBe(10 * minute);

    const code = await codeSentTo(c, zhangWei.msisdn, before);
    expect(code).toMatch(/^\d{6}$/);
    await settle();
    expect(await messagesTo(c, zhangWei.msisdn, before)).toHaveLength(1);
    expect(await messagesTo(c, stranger.msisdn, before)).toHaveLength(0);
    expect(await messagesTo(c, stranger.email, before)).toHaveLength(0);

    const confirmed = await confirm(c, right.body.verificationId, code);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toEqual({ token: expect.any(String), expiresAt: expect.stringMatching(isoInstant), expiresIn: 1800 });
  });

  it.skipIf(!available)('sends the code to the registered e-mail when asked for channel "email"', async () => {
    await expectCodeByEmailOnly(h, { ...wangQiang, channel: 'email' }, 'w***@example.com');
  });

  it.skipIf(!available)('sends the code of a suspended line by e-mail even when not asked to', async () => {
    const owner = new Client(h.base);
    await verifyAs(owner, liuYangSecondLine);
    expect((await owner.post(`/api/v1/lines/${liuYangSecondLine.msisdn}/suspension`)).status).toBe(201);

    await expectCodeByEmailOnly(h, liuYangSecondLine, 'l***@example.com');
  });

  it.skipIf(!available)("gives one subscriber's token the same 404 for another's line and case as for ones that do not exist", async () => {
    const { customer: owner, ref } = await applyAs(h, zhangWei);
    const other = new Client(h.base);
    await verifyAs(other, liNa);
    const noSuchRef = formatReference(2026, 9_999_999);

    const probes: { method: string; theirs: string; missing: string; body?: unknown }[] = [
      { method: 'GET', theirs: `/api/v1/lines/${zhangWei.msisdn}`, missing: `/api/v1/lines/${stranger.msisdn}` },
      { method: 'GET', theirs: `/api/v1/lines/${zhangWei.msisdn}/precheck`, missing: `/api/v1/lines/${stranger.msisdn}/precheck` },
      { method: 'POST', theirs: `/api/v1/lines/${zhangWei.msisdn}/suspension`, missing: `/api/v1/lines/${stranger.msisdn}/suspension` },
      { method: 'GET', theirs: `/api/v1/cancellations/${ref}`, missing: `/api/v1/cancellations/${noSuchRef}` },
      { method: 'POST', theirs: `/api/v1/cancellations/${ref}/replies`, missing: `/api/v1/cancellations/${noSuchRef}/replies`, body: { text: '已补充' } },
      { method: 'POST', theirs: `/api/v1/cancellations/${ref}/withdraw`, missing: `/api/v1/cancellations/${noSuchRef}/withdraw` },
    ];
    for (const p of probes) {
      const theirs = await other.call(p.method, p.theirs, p.body);
      const missing = await other.call(p.method, p.missing, p.body);
      expect(theirs.status, `${p.method} ${p.theirs}`).toBe(404);
      expect(theirs.body, `${p.method} ${p.theirs}`).toEqual(missing.body);
    }

    // Nothing happened to the owner's line or case.
    expect((await owner.get(`/api/v1/lines/${zhangWei.msisdn}`)).body).toMatchObject({ status: 'active', openCase: { reference: ref, state: 'submitted' } });
    expect((await owner.get(`/api/v1/cancellations/${ref}`)).body.state).toBe('submitted');
  });

  it.skipIf(!available)('refuses a missing, garbage or expired token with 401', async () => {
    const c = new Client(h.base);
    const { expiresAt } = await verifyAs(c, oliver);
    expect(Date.parse(expiresAt) - h.clock.now().getTime()).toBe(30 * minute);
    const own = `/api/v1/lines/${oliver.msisdn}`;
    expect((await c.get(own)).status).toBe(200);

    expectError(await new Client(h.base).get(own), 401, 'unauthenticated');
    expectError(await c.get(own, { authorization: 'Bearer bm90LWEtcmVhbC10b2tlbg' }), 401, 'invalid_token');
    expectError(await c.get(own, { authorization: 'Bearer ' + 'x'.repeat(43) }), 401, 'invalid_token');

    advance(h, 29 * minute);
    expect((await c.get(own)).status).toBe(200);
    advance(h, 2 * minute);
    expectError(await c.get(own), 401, 'invalid_token');
    expectError(await c.get(`/api/v1/lines/${oliver.msisdn}/precheck`), 401, 'invalid_token');
  });
});

// ---------------------------------------------------------------------------------------------
// 2: verification rate limits
// ---------------------------------------------------------------------------------------------

const strictVerificationLimits: Partial<Limits> = {
  verifyPerMsisdn: { scope: 'verify_msisdn', limit: 3, windowMs: hour },
  verifyPerIdNumber: { scope: 'verify_id_number', limit: 3, windowMs: hour },
  verifyPerAddress: { scope: 'verify_address', limit: 3, windowMs: hour },
};

describe.each(testDatabases)('verification rate limits per number, ID number and address (%s)', async (kind) => {
  const available = await testDatabaseAvailable(kind);
  let h: Harness;
  // TRUST_PROXY lets each request name its own client address, so one limit can be tested at a time.
  beforeAll(async () => {
    if (available) h = (await startHarness(kind, { env: { TRUST_PROXY: '1' }, limits: strictVerificationLimits }))!;
  });
  afterAll(async () => h?.close());
  // Every test starts in a window of its own.
  beforeEach(() => {
    if (available) advance(h, hour);
  });

  const verify = (c: Client, who: Person, address: string) => c.post('/api/v1/verifications', who, from(address));

  it.skipIf(!available)('refuses the 4th request for one number, counting non-matching requests too, until the window ends', async () => {
    const c = new Client(h.base);
    const before = await newestMessageId(c);
    // Three requests that do not match 张伟, each from another address and mostly another ID number.
    for (const wrong of [{ ...zhangWei, name: '李四' }, { ...zhangWei, idNumber: liNa.idNumber }, { ...zhangWei, email: 'someone.else@example.com' }]) {
      expect((await verify(c, wrong, freshAddress())).status).toBe(202);
    }
    const refused = await verify(c, zhangWei, freshAddress());
    expectRateLimited(refused, 'too_many_verifications', hour);
    await settle();
    expect(await messagesTo(c, zhangWei.msisdn, before)).toHaveLength(0);

    advance(h, hour);
    const allowed = await verify(c, zhangWei, freshAddress());
    expect(allowed.status).toBe(202);
    await codeSentTo(c, zhangWei.msisdn, before);
  });

  it.skipIf(!available)('refuses the 4th request for one ID number, whatever number it comes with, until the window ends', async () => {
    const c = new Client(h.base);
    // Three matching requests for 李娜, then a non-matching one with her ID number on another line.
    for (let i = 0; i < 3; i++) expect((await verify(c, liNa, freshAddress())).status).toBe(202);
    const otherLine = { ...wangQiang, idNumber: liNa.idNumber };
    expectRateLimited(await verify(c, otherLine, freshAddress()), 'too_many_verifications', hour);
    // The ID number is normalised before counting: surrounding spaces do not start a new count.
    expectRateLimited(await verify(c, { ...otherLine, idNumber: ` ${liNa.idNumber} ` }, freshAddress()), 'too_many_verifications', hour);
    // Another ID number on the same line is not affected.
    expect((await verify(c, wangQiang, freshAddress())).status).toBe(202);

    advance(h, hour);
    expect((await verify(c, otherLine, freshAddress())).status).toBe(202);
  });

  it.skipIf(!available)('refuses the 4th request from one client address, whatever details it carries, until the window ends', async () => {
    const c = new Client(h.base);
    const address = freshAddress();
    expect((await verify(c, oliver, address)).status).toBe(202);
    expect((await verify(c, { ...amelia, name: 'Someone Else' }, address)).status).toBe(202);
    expect((await verify(c, stranger, address)).status).toBe(202);
    const refused = await verify(c, liuYang, address);
    expectRateLimited(refused, 'too_many_verifications', hour);
    // The same request from another address passes: it was the address that was over its limit.
    expect((await verify(c, liuYang, freshAddress())).status).toBe(202);

    advance(h, hour);
    expect((await verify(c, liuYang, address)).status).toBe(202);
  });

  it.skipIf(!available)('takes the client address from the connection, not from X-Forwarded-For, when no proxy is trusted', async () => {
    const direct = (await startHarness(kind, { limits: strictVerificationLimits }))!;
    try {
      const c = new Client(direct.base);
      // Each request claims another address; without TRUST_PROXY all of them are 127.0.0.1.
      for (const who of [oliver, amelia, stranger]) expect((await verify(c, who, freshAddress())).status).toBe(202);
      expectRateLimited(await verify(c, liuYang, freshAddress()), 'too_many_verifications', hour);
    } finally {
      await direct.close();
    }
  });
});

// ---------------------------------------------------------------------------------------------
// 3: code guessing
// ---------------------------------------------------------------------------------------------

const wrongCodeLimit = 6;

describe.each(testDatabases)('code guessing (%s)', async (kind) => {
  const available = await testDatabaseAvailable(kind);
  let h: Harness;
  beforeAll(async () => {
    if (available) {
      h = (await startHarness(kind, {
        env: { TRUST_PROXY: '1' },
        limits: { wrongCodesPerAddress: { scope: 'wrong_code_address', limit: wrongCodeLimit, windowMs: hour } },
      }))!;
    }
  });
  afterAll(async () => h?.close());

  it.skipIf(!available)('ends a verification after 5 wrong codes: even the right code then answers 429 too_many_attempts', async () => {
    const c = new Client(h.base);
    const address = freshAddress();
    const { id, code } = await startWithCode(c, zhangWei);
    for (let i = 0; i < 5; i++) {
      const wrong = await confirm(c, id, wrongCode(code), from(address));
      expectError(wrong, 422, 'wrong_code');
      expect(wrong.body.error.details.attemptsLeft).toBe(4 - i);
    }
    const locked = await confirm(c, id, code, from(address));
    expectRateLimited(locked, 'too_many_attempts', 10 * minute);
    // Another address does not help: the verification itself is spent.
    expectRateLimited(await confirm(c, id, code, from(freshAddress())), 'too_many_attempts', 10 * minute);

    // A new verification works again (this address is still under its own limit).
    const again = await startWithCode(c, zhangWei);
    expect((await confirm(c, again.id, again.code, from(address))).status).toBe(200);
  });

  it.skipIf(!available)('stops wrong codes from one address across verifications at the limit, even for a right code', async () => {
    const c = new Client(h.base);
    const guesser = freshAddress();
    const first = await startWithCode(c, liNa);
    const second = await startWithCode(c, wangQiang);
    // Fewer than 5 per verification, so no single verification locks itself.
    for (let i = 0; i < wrongCodeLimit; i++) {
      const target = i < wrongCodeLimit / 2 ? first : second;
      expectError(await confirm(c, target.id, wrongCode(target.code), from(guesser)), 422, 'wrong_code');
    }
    const third = await startWithCode(c, oliver);
    const refused = await confirm(c, third.id, third.code, from(guesser));
    expectRateLimited(refused, 'too_many_attempts', hour);
    expectRateLimited(await confirm(c, first.id, first.code, from(guesser)), 'too_many_attempts', hour);

    // The refused try did not spend the verification: from another address the code still works.
    expect((await confirm(c, third.id, third.code, from(freshAddress()))).status).toBe(200);

    // After the window the address may try again.
    advance(h, hour);
    const fourth = await startWithCode(c, amelia);
    expect((await confirm(c, fourth.id, fourth.code, from(guesser))).status).toBe(200);
  });

  it.skipIf(!available)('counts wrong codes sent at the same time from one address exactly: no more than the limit are compared', async () => {
    advance(h, hour); // a window of its own
    const c = new Client(h.base);
    const guesser = freshAddress();
    const targets = [];
    for (const who of [liuYang, amelia, zhangWei, liNa]) targets.push(await startWithCode(c, who));
    // Four different wrong codes per verification: no single verification reaches its own 5.
    const guesses = targets.flatMap((t) => [1, 2, 3, 4].map((d) => ({ id: t.id, code: String((Number(t.code) + d) % 1_000_000).padStart(6, '0') })));
    const answers = await Promise.all(guesses.map((g) => confirm(c, g.id, g.code, from(guesser))));
    const compared = answers.filter((a) => a.status === 422);
    const refused = answers.filter((a) => a.status === 429);
    expect(compared.length + refused.length).toBe(guesses.length);
    for (const a of refused) expect(a.body.error.code).toBe('too_many_attempts');
    expect(compared.length, `${compared.length} of ${guesses.length} simultaneous wrong codes were compared`).toBeLessThanOrEqual(wrongCodeLimit);
  });
});

// ---------------------------------------------------------------------------------------------
// 5: staff
// ---------------------------------------------------------------------------------------------

/** Bodies that would succeed if the CSRF check were missing, so "stores nothing" means something. */
const csrfProbeBodies: Record<string, unknown> = {
  'POST /api/v1/staff/cases': { msisdn: liuYangSecondLine.msisdn, reason: 'Caller asked to cancel', acknowledgements: allAcks, channel: 'hotline' },
  'POST /api/v1/staff/cases/{reference}/assign': {},
  'POST /api/v1/staff/cases/{reference}/request-info': { message: '请上传身份证正反面照片。' },
  'POST /api/v1/staff/cases/{reference}/approve': { note: '资料齐全' },
  'POST /api/v1/staff/cases/{reference}/reject': { reason: '资料不全，请重新申请。' },
  'POST /api/v1/staff/cases/{reference}/note': { text: '来电核实身份' },
  'POST /api/v1/staff/users': { user: 'csrf.probe', role: 'agent', password: 'a long enough password' },
};

const knownStateChangingStaffRoutes = [
  'DELETE /api/v1/staff/session',
  'POST /api/v1/staff/cases',
  'POST /api/v1/staff/cases/{reference}/assign',
  'POST /api/v1/staff/cases/{reference}/request-info',
  'POST /api/v1/staff/cases/{reference}/approve',
  'POST /api/v1/staff/cases/{reference}/reject',
  'POST /api/v1/staff/cases/{reference}/note',
  'POST /api/v1/staff/users',
  'POST /api/v1/staff/users/{user}/disable',
  'POST /api/v1/staff/users/{user}/enable',
  'POST /api/v1/staff/users/{user}/unlock',
];

/** Staff routes that change state, as /openapi.json describes them: session security, not GET. */
async function stateChangingStaffRoutes(c: Client): Promise<{ method: string; path: string }[]> {
  const spec = await c.get('/openapi.json');
  expect(spec.status).toBe(200);
  const routes: { method: string; path: string }[] = [];
  for (const [p, operations] of Object.entries(spec.body.paths as Record<string, Record<string, { security?: Record<string, unknown>[] }>>)) {
    if (!p.startsWith('/api/v1/staff')) continue;
    for (const [method, op] of Object.entries(operations)) {
      if (!['post', 'put', 'patch', 'delete'].includes(method)) continue;
      if (!(op.security ?? []).some((s) => 'session' in s)) continue;
      if (method === 'post' && p === '/api/v1/staff/session') continue;
      routes.push({ method: method.toUpperCase(), path: p });
    }
  }
  return routes;
}

describe.each(testDatabases)('staff roles, four eyes, CSRF, cookies, lock-out and sessions (%s)', async (kind) => {
  const available = await testDatabaseAvailable(kind);
  let h: Harness;
  let db: Database;
  beforeAll(async () => {
    if (!available) return;
    h = (await startHarness(kind, { now: '2026-11-25T10:00:00+08:00' }))!;
    db = h.runtime.ctx.db;
  });
  afterAll(async () => h?.close());

  it.skipIf(!available)('refuses approval to an agent with 403', async () => {
    const agent = await staffAs(h, 'agent');
    const ref = await openForCaller(agent, oliver);
    const reviewer = await staffAs(h, 'reviewer');
    expect((await reviewer.post(`/api/v1/staff/cases/${ref}/assign`, {})).status).toBe(200);
    expectError(await agent.post(`/api/v1/staff/cases/${ref}/approve`, {}), 403, 'forbidden');
    expectError(await agent.post(`/api/v1/staff/cases/${ref}/reject`, { reason: '不符合条件' }), 403, 'forbidden');
    expect((await reviewer.get(`/api/v1/staff/cases/${ref}`)).body.state).toBe('in_review');
  });

  it.skipIf(!available)('keeps four eyes: whoever opened a case for a caller cannot approve it, even as supervisor with an override reason', async () => {
    const supervisor = await staffAs(h, 'supervisor');
    const ref = await openForCaller(supervisor, amelia);
    expect((await supervisor.post(`/api/v1/staff/cases/${ref}/assign`, {})).status).toBe(200);
    expectError(await supervisor.post(`/api/v1/staff/cases/${ref}/approve`, {}), 403, 'four_eyes');
    expectError(await supervisor.post(`/api/v1/staff/cases/${ref}/approve`, { overrideReason: 'Caller confirmed everything on a recorded call.' }), 403, 'four_eyes');
    const reviewer = await staffAs(h, 'reviewer');
    expect((await reviewer.get(`/api/v1/staff/cases/${ref}`)).body).toMatchObject({ state: 'in_review', openedBy: 'supervisor', decidedBy: null });
    expect((await reviewer.post(`/api/v1/staff/cases/${ref}/approve`, {})).status).toBe(200);
  });

  it.skipIf(!available)('lets only a supervisor approve over a blocking pre-check item, with a written reason kept in history and audit', async () => {
    const { ref } = await applyAs(h, liNa);
    const supervisor = await staffAs(h, 'supervisor');
    const reviewer = await staffAs(h, 'reviewer');
    expect((await supervisor.post(`/api/v1/staff/cases/${ref}/assign`, {})).status).toBe(200);

    const blocked = await supervisor.post(`/api/v1/staff/cases/${ref}/approve`, {});
    expectError(blocked, 409, 'precheck_blocking');
    expect(blocked.body.error.details.items.map((i: { code: string }) => i.code)).toEqual(['outstanding_debt']);
    expectError(await supervisor.post(`/api/v1/staff/cases/${ref}/approve`, { overrideReason: 'debt is fine' }), 400, 'validation_failed');

    const reason = '客户已在营业厅签署欠费分期协议，经主管批准先行注销。';
    expect([...reason].length).toBeGreaterThanOrEqual(20);
    expectError(await reviewer.post(`/api/v1/staff/cases/${ref}/approve`, { overrideReason: reason }), 403, 'forbidden');
    expectError(await reviewer.post(`/api/v1/staff/cases/${ref}/approve`, {}), 409, 'precheck_blocking');

    const approved = await supervisor.post(`/api/v1/staff/cases/${ref}/approve`, { overrideReason: reason });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.state).toBe('approved');

    const view = await supervisor.get(`/api/v1/staff/cases/${ref}`);
    const approval = view.body.history.find((e: { type: string }) => e.type === 'approve');
    expect(approval).toMatchObject({ actor: 'staff:supervisor', data: { override: { reason, blocking: ['outstanding_debt'] } } });

    const auditor = await staffAs(h, 'auditor');
    const audit = await auditor.get(`/api/v1/staff/audit?ref=${ref}`);
    expect(audit.status).toBe(200);
    const row = audit.body.items.find((i: { action: string }) => i.action === 'case.approve');
    expect(row).toMatchObject({ actor: 'staff:supervisor', subject: ref, data: { override: { reason, blocking: ['outstanding_debt'] } } });
  });

  it.skipIf(!available)('refuses every state-changing staff route without the right X-CSRF-Token with 403, and stores nothing', async () => {
    const anonymous = new Client(h.base);
    const routes = await stateChangingStaffRoutes(anonymous);
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(knownStateChangingStaffRoutes));

    const agent = await staffAs(h, 'agent');
    const ref = await openForCaller(agent, liuYang);
    const supervisor = await staffAs(h, 'supervisor');
    const admin = await staffAs(h, 'admin');

    const sideEffects = async () => ({
      probedCase: await db.query('SELECT state, assignee, decided_by, decision_note FROM cases WHERE reference = $1', [ref]),
      probedEvents: await db.query('SELECT count(*)::int AS n FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.reference = $1', [ref]),
      probedMessages: await db.query('SELECT count(*)::int AS n FROM communications m JOIN cases c ON c.id = m.case_id WHERE c.reference = $1', [ref]),
      casesOpenedByProbers: await db.query("SELECT count(*)::int AS n FROM cases WHERE opened_by IN ('supervisor', 'admin')"),
      staff: await db.query('SELECT username, role, disabled_at FROM staff_users ORDER BY username'),
      sessions: await db.query('SELECT count(*)::int AS n FROM staff_sessions'),
      auditByProbers: await db.query("SELECT count(*)::int AS n FROM audit_log WHERE actor IN ('staff:supervisor', 'staff:admin')"),
    });
    const before = await sideEffects();

    for (const route of routes) {
      const session = route.path.startsWith('/api/v1/staff/users') ? admin : supervisor;
      const otherSession = session === admin ? supervisor : admin;
      const url = route.path.replace('{reference}', ref).replace('{user}', 'agent');
      const body = csrfProbeBodies[`${route.method} ${route.path}`];
      const what = `${route.method} ${route.path}`;
      const attempts: Record<string, string>[] = [{}, { 'x-csrf-token': 'not-the-token' }, { 'x-csrf-token': otherSession.csrf }];
      for (const headers of attempts) {
        const answer = await withoutCsrf(session).call(route.method, url, body, headers);
        expect(answer.status, `${what} ${JSON.stringify(headers)}`).toBe(403);
        expect(answer.body.error?.code, what).toBe('csrf_token_invalid');
      }
    }

    expect(await sideEffects()).toEqual(before);
    // Both sessions are still alive, and the same change with the token goes through.
    expect((await supervisor.get('/api/v1/staff/session')).status).toBe(200);
    expect((await admin.get('/api/v1/staff/session')).status).toBe(200);
    expect((await supervisor.post(`/api/v1/staff/cases/${ref}/note`, { text: '来电核实身份' })).status).toBe(201);
  });

  it.skipIf(!available)('sets the session cookie HttpOnly and SameSite=Strict, and Secure only behind a trusted TLS proxy', async () => {
    const login = async (base: string, headers: Record<string, string> = {}) => {
      const res = await fetch(`${base}/api/v1/staff/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ user: 'agent', password: 'lastcall-demo' }),
      });
      expect(res.status).toBe(200);
      const cookie = res.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(/^lastcall_session=[^;]+;/);
      return cookie.split(';').map((a) => a.trim().toLowerCase());
    };

    const plain = await login(h.base);
    expect(plain).toEqual(expect.arrayContaining(['httponly', 'samesite=strict']));
    expect(plain).not.toContain('secure');
    // A client cannot claim https for itself when no proxy is trusted.
    expect(await login(h.base, { 'x-forwarded-proto': 'https' })).not.toContain('secure');

    const proxied = (await startHarness(kind, { env: { TRUST_PROXY: '1' } }))!;
    try {
      const viaTls = await login(proxied.base, { 'x-forwarded-proto': 'https' });
      expect(viaTls).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'secure']));
      expect(await login(proxied.base)).not.toContain('secure');
    } finally {
      await proxied.close();
    }
  });

  it.skipIf(!available)('locks a user name out after 5 wrong passwords, known or not, until an admin unlocks it or the window ends', async () => {
    const failFiveTimes = async (user: string) => {
      const answers: Answer[] = [];
      for (let i = 0; i < 5; i++) answers.push(await tryLogin(h, user, 'not-the-password'));
      return answers;
    };
    const known = await failFiveTimes('reviewer');
    const unknown = await failFiveTimes('ghost.user');
    for (const a of [...known, ...unknown]) expectError(a, 401, 'invalid_credentials');
    // Same answers for a name that exists and one that does not.
    expect(unknown.map((a) => [a.status, a.body])).toEqual(known.map((a) => [a.status, a.body]));

    const lockedKnown = await tryLogin(h, 'reviewer', 'lastcall-demo');
    const lockedUnknown = await tryLogin(h, 'ghost.user', 'lastcall-demo');
    const retryKnown = expectRateLimited(lockedKnown, 'locked_out', 15 * minute);
    const retryUnknown = expectRateLimited(lockedUnknown, 'locked_out', 15 * minute);
    expect(lockedUnknown.body).toEqual(lockedKnown.body);
    expect(retryUnknown).toBe(retryKnown);

    const admin = await staffAs(h, 'admin');
    const unlocked = await admin.post('/api/v1/staff/users/reviewer/unlock');
    expect(unlocked.status).toBe(200);
    expect((await tryLogin(h, 'reviewer', 'lastcall-demo')).status).toBe(200);
    expectRateLimited(await tryLogin(h, 'ghost.user', 'lastcall-demo'), 'locked_out', 15 * minute);

    // Locked again; this time the lock lifts when the 15-minute window is over.
    await failFiveTimes('reviewer');
    expectRateLimited(await tryLogin(h, 'reviewer', 'lastcall-demo'), 'locked_out', 15 * minute);
    advance(h, 15 * minute);
    expect((await tryLogin(h, 'reviewer', 'lastcall-demo')).status).toBe(200);
    expectError(await tryLogin(h, 'ghost.user', 'lastcall-demo'), 401, 'invalid_credentials');
  });

  it.skipIf(!available)('counts wrong passwords sent at the same time exactly: no more than 5 are tried before the lock-out', async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => tryLogin(h, 'agent', `wrong-password-${i}`)));
    try {
      const tried = answers.filter((a) => a.status === 401);
      const locked = answers.filter((a) => a.status === 429);
      expect(tried.length + locked.length).toBe(answers.length);
      for (const a of locked) expect(a.body.error.code).toBe('locked_out');
      expect(tried.length, `${tried.length} of ${answers.length} simultaneous wrong passwords were tried`).toBeLessThanOrEqual(5);
      expectRateLimited(await tryLogin(h, 'agent', 'lastcall-demo'), 'locked_out', 15 * minute);
    } finally {
      expect((await (await staffAs(h, 'admin')).post('/api/v1/staff/users/agent/unlock')).status).toBe(200);
    }
  });

  it.skipIf(!available)('ends a session after 30 idle minutes', async () => {
    const auditor = await staffAs(h, 'auditor');
    advance(h, 29 * minute);
    expect((await auditor.get('/api/v1/staff/session')).status).toBe(200);
    advance(h, 29 * minute);
    expect((await auditor.get('/api/v1/staff/session')).status).toBe(200);
    advance(h, 31 * minute);
    expectError(await auditor.get('/api/v1/staff/session'), 401, 'session_expired');
    expectError(await auditor.get('/api/v1/staff/cases'), 401, 'session_expired');
  });

  it.skipIf(!available)('ends a session after 12 hours even while it is in use', async () => {
    const auditor = await staffAs(h, 'auditor');
    // Busy every 20 minutes for 11 h 40 min.
    for (let i = 1; i <= 35; i++) {
      advance(h, 20 * minute);
      expect((await auditor.get('/api/v1/staff/session')).status, `after ${i * 20} minutes`).toBe(200);
    }
    advance(h, 21 * minute);
    expectError(await auditor.get('/api/v1/staff/session'), 401, 'session_expired');
  });

  it.skipIf(!available)("lets only an admin add staff, refuses weak passwords, and ends a disabled user's sessions", async () => {
    const admin = await staffAs(h, 'admin');
    const supervisor = await staffAs(h, 'supervisor');
    const password = 'Huang-Mei reviews 7 cases';
    const newUser = { user: 'huang.mei', role: 'reviewer', password };

    expectError(await admin.post('/api/v1/staff/users', { ...newUser, password: 'short' }), 400, 'weak_password');
    expectError(await supervisor.post('/api/v1/staff/users', newUser), 403, 'forbidden');
    expectError(await supervisor.get('/api/v1/staff/users'), 403, 'forbidden');
    expectError(await tryLogin(h, 'huang.mei', password), 401, 'invalid_credentials');

    const created = await admin.post('/api/v1/staff/users', newUser);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ user: 'huang.mei', role: 'reviewer' });

    const huang = new Client(h.base);
    const login = await huang.post('/api/v1/staff/session', { user: 'huang.mei', password });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ user: 'huang.mei', role: 'reviewer' });
    huang.csrf = login.body.csrfToken;
    expect((await huang.get('/api/v1/staff/session')).body.user).toBe('huang.mei');
    expect((await huang.get('/api/v1/staff/cases')).status).toBe(200);

    const disabled = await admin.post('/api/v1/staff/users/huang.mei/disable');
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ user: 'huang.mei', disabled: true });
    expectError(await huang.get('/api/v1/staff/session'), 401, 'session_expired');
    expectError(await huang.get('/api/v1/staff/cases'), 401, 'session_expired');
    expectError(await tryLogin(h, 'huang.mei', password), 401, 'invalid_credentials');
    const [sessions] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM staff_sessions s JOIN staff_users u ON u.id = s.staff_id WHERE u.username = $1', ['huang.mei']);
    expect(sessions!.n).toBe(0);
  });

  it.skipIf(!available)('stores staff passwords only as argon2id hashes', async () => {
    const rows = await db.query<{ username: string; password_hash: string }>('SELECT username, password_hash FROM staff_users ORDER BY username');
    expect(rows.map((r) => r.username)).toEqual(expect.arrayContaining(['admin', 'agent', 'auditor', 'reviewer', 'supervisor']));
    for (const r of rows) {
      expect(r.password_hash, r.username).toMatch(/^\$argon2id\$/);
      expect(r.password_hash).not.toContain('lastcall-demo');
    }
  });
});

// ---------------------------------------------------------------------------------------------
// 6, 7, 8: personal data at rest, the audit trail, evidence and key rotation
// ---------------------------------------------------------------------------------------------

/** `who` applies, a reviewer takes and approves the case, and the worker completes it and sends every e-mail. */
async function completedCancellation(h: Harness, who: Person): Promise<string> {
  const { customer, ref } = await applyAs(h, who);
  const reviewer = await staffAs(h, 'reviewer');
  expect((await reviewer.post(`/api/v1/staff/cases/${ref}/assign`, {})).status).toBe(200);
  expect((await reviewer.post(`/api/v1/staff/cases/${ref}/approve`, { note: '资料齐全' })).status).toBe(200);
  await eventually(
    async () => {
      const view = await customer.get(`/api/v1/cancellations/${ref}`);
      const out = view.body.communications.filter((m: { direction: string }) => m.direction === 'out');
      return view.body.state === 'completed' && out.length >= 3 && out.every((m: { status: string }) => m.status === 'sent');
    },
    20_000,
    'the completed case with every e-mail sent',
  );
  return ref;
}

describe.each(testDatabases)('personal data at rest, the audit trail, evidence and key rotation (%s)', async (kind) => {
  const available = await testDatabaseAvailable(kind);
  let h: Harness;
  let db: Database;
  let ref: string;
  beforeAll(async () => {
    if (!available) return;
    h = (await startHarness(kind, { now: '2026-11-25T10:00:00+08:00' }))!;
    db = h.runtime.ctx.db;
    ref = await completedCancellation(h, zhangWei);
  });
  afterAll(async () => h?.close());

  it.skipIf(!available)("stores no demo subscriber's name, ID number or e-mail in plain text in any column", async () => {
    const needles = demoPersonalData();
    expect(needles).toEqual(expect.arrayContaining(['张伟', '11010519491231002X', 'zhang.wei@example.com', 'Oliver Smith']));
    const values = await everyStoredValue(db);
    // The dump does read the data: the case reference and the mailbox are in it.
    expect(values.some((v) => v.table === 'cases' && v.value === ref)).toBe(true);
    expect(values.filter((v) => v.table === 'dev_mailbox' && v.column === 'body').length).toBeGreaterThan(3);

    const found: string[] = [];
    for (const { table, column, value } of values) {
      const haystack = value.toLowerCase();
      for (const needle of needles) if (haystack.includes(needle.toLowerCase())) found.push(`${table}.${column} holds ${needle}`);
    }
    expect([...new Set(found)]).toEqual([]);
  });

  it.skipIf(!available)('seals subscribers, message recipients and the dev mailbox as lc1. values', async () => {
    const sealed: Record<string, string[]> = {
      subscribers: ['legal_name', 'id_number', 'email'],
      communications: ['recipient'],
      dev_mailbox: ['recipient', 'body'],
    };
    for (const [table, columns] of Object.entries(sealed)) {
      const rows = await db.query<Record<string, string>>(`SELECT ${columns.join(', ')} FROM ${table}`);
      expect(rows.length, table).toBeGreaterThan(0);
      for (const row of rows) for (const c of columns) expect(row[c], `${table}.${c}`).toMatch(sealedValue);
    }
  });

  it.skipIf(!available)('masks the name, ID number and e-mail in the staff case view, and shows them whole only on an audited reveal', async () => {
    const reviewer = await staffAs(h, 'reviewer');
    const view = await reviewer.get(`/api/v1/staff/cases/${ref}`);
    expect(view.status).toBe(200);
    expect(view.body.subscriber).toMatchObject({ name: '张*', idNumber: '110105********002X', email: 'z***@example.com', masked: true });
    const revealed = await reviewer.get(`/api/v1/staff/cases/${ref}?reveal=true`);
    expect(revealed.body.subscriber).toMatchObject({ name: zhangWei.name, idNumber: zhangWei.idNumber, email: zhangWei.email, masked: false });
    const trail = await ctxAudit(h, ref);
    expect(trail.filter((r) => r.action === 'personal_data.revealed' && r.actor === 'staff:reviewer')).toHaveLength(1);
    const emails = view.body.communications.filter((m: { channel: string }) => m.channel === 'email');
    expect(emails.length).toBeGreaterThan(0);
    for (const m of emails) expect(m.to).toBe('z***@example.com');
    const text = JSON.stringify(view.body);
    expect(text).not.toContain(zhangWei.idNumber);
    expect(text.toLowerCase()).not.toContain(zhangWei.email);
  });

  it.skipIf(!available)('records every step of the flow in the audit trail, readable by an auditor and not by an agent', async () => {
    const reviewer = await staffAs(h, 'reviewer');
    expect((await reviewer.get(`/api/v1/staff/cases/${ref}`)).status).toBe(200);
    const auditor = await staffAs(h, 'auditor');

    const byCase = await auditor.get(`/api/v1/staff/audit?ref=${ref}&limit=1000`);
    expect(byCase.status).toBe(200);
    const caseActions = byCase.body.items.map((i: { action: string }) => i.action);
    expect(caseActions).toEqual(expect.arrayContaining(['case.submitted', 'message.queued', 'case.assign', 'personal_data.read', 'case.approve', 'case.fulfilled']));
    for (const item of byCase.body.items) {
      expect(item).toMatchObject({ seq: expect.any(Number), at: expect.stringMatching(isoInstant), subject: ref, prevHash: expect.stringMatching(hex64), hash: expect.stringMatching(hex64) });
    }
    expect(byCase.body.items.find((i: { action: string }) => i.action === 'personal_data.read')).toMatchObject({ actor: 'staff:reviewer' });
    expect(byCase.body.items.find((i: { action: string }) => i.action === 'case.approve')).toMatchObject({ actor: 'staff:reviewer' });

    const byNumber = await auditor.get(`/api/v1/staff/audit?subject=${encodeURIComponent(zhangWei.msisdn)}&limit=1000`);
    expect(byNumber.body.items.map((i: { action: string }) => i.action)).toEqual(expect.arrayContaining(['verification.started', 'verification.confirmed']));
    const byUser = await auditor.get(`/api/v1/staff/audit?subject=${encodeURIComponent('staff:reviewer')}&limit=1000`);
    expect(byUser.body.items.map((i: { action: string }) => i.action)).toContain('staff.login');

    const agent = await staffAs(h, 'agent');
    expectError(await agent.get(`/api/v1/staff/audit?ref=${ref}`), 403, 'forbidden');
    expectError(await agent.get('/api/v1/staff/audit/verify'), 403, 'forbidden');
  });

  it.skipIf(!available)('refuses a plain UPDATE, DELETE or TRUNCATE of the audit log', async () => {
    const [first] = await db.query('SELECT * FROM audit_log WHERE seq = 1');
    await expect(db.query("UPDATE audit_log SET actor = 'staff:intruder' WHERE seq = 1")).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM audit_log WHERE seq = 1')).rejects.toThrow(/append-only/);
    await expect(db.exec('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    expect((await db.query('SELECT * FROM audit_log WHERE seq = 1'))[0]).toEqual(first);
  });

  it.skipIf(!available)("verifies the chain, and names the row an intruder changed behind the trigger's back", async () => {
    const auditor = await staffAs(h, 'auditor');
    const [{ n: rowsBefore }] = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')) as [{ n: number }];
    const intact = await auditor.get('/api/v1/staff/audit/verify');
    expect(intact.status).toBe(200);
    expect(intact.body).toEqual({ ok: true, checked: expect.any(Number) });
    expect(intact.body.checked).toBeGreaterThanOrEqual(rowsBefore);

    const [target] = await db.query<{ seq: number; data: string }>("SELECT seq, data FROM audit_log WHERE subject = $1 AND action = 'case.submitted'", [ref]);
    const forged = canonicalJson({ ...JSON.parse(target!.data), channel: 'hotline' });
    expect(forged).not.toBe(target!.data);
    await asIntruder(db, () => db.query('UPDATE audit_log SET data = $1 WHERE seq = $2', [forged, target!.seq]));
    try {
      const broken = await auditor.get('/api/v1/staff/audit/verify');
      expect(broken.status).toBe(200);
      expect(broken.body).toMatchObject({ ok: false, firstBroken: { seq: target!.seq, reason: expect.any(String) } });
    } finally {
      await asIntruder(db, () => db.query('UPDATE audit_log SET data = $1 WHERE seq = $2', [target!.data, target!.seq]));
    }
    expect((await auditor.get('/api/v1/staff/audit/verify')).body.ok).toBe(true);
  });

  it.skipIf(!available)('exports the evidence bundle as an attachment whose digest, message hashes and audit hashes check out', async () => {
    const auditor = await staffAs(h, 'auditor');
    const res = await auditor.get(`/api/v1/staff/cases/${ref}/evidence`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(res.headers.get('content-disposition')).toContain(ref);

    const { digest, ...bundle } = res.body;
    expect(digest).toMatch(hex64);
    expect(digest).toBe(sha256(canonicalJson(bundle)));

    expect(bundle.case).toMatchObject({ reference: ref, state: 'completed' });
    expect(bundle.subscriber).toMatchObject({ idNumber: '110105********002X', email: 'z***@example.com' });
    expect(bundle.events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['submitted', 'assign', 'approve', 'fulfilled']));

    expect(bundle.communications.length).toBeGreaterThanOrEqual(3);
    for (const m of bundle.communications) expect(m.sha256).toBe(sha256(`${m.subject}\n${m.text}`));

    const rows = bundle.audit.rows as { seq: number; at: string; actor: string; action: string; subject: string | null; data: unknown; prevHash: string; hash: string }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.subject).toBe(ref);
      expect(r.prevHash).toMatch(hex64);
      expect(r.hash).toBe(auditHash(r.prevHash, { seq: r.seq, at: r.at, actor: r.actor, action: r.action, subject: r.subject, data: canonicalJson(r.data) }));
    }
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['case.submitted', 'case.approve']));

    const agent = await staffAs(h, 'agent');
    expectError(await agent.get(`/api/v1/staff/cases/${ref}/evidence`), 403, 'forbidden');
  });

  it.skipIf(!available)('rotates the data key while serving: old data still reads, new rows use the new key, the old key ends with 0 values', async () => {
    const { vault } = h.runtime.ctx;
    const oldKey = (await keyStatus(db)).find((k) => k.purpose === 'data' && k.state === 'active')!;
    expect(oldKey.rows).toBeGreaterThan(0);

    const reviewer = await staffAs(h, 'reviewer');
    const watcher = new Client(h.base);
    // Requests keep arriving while the rotation runs.
    const [rotation, ...served] = await Promise.all([
      rotateDataKey(db, vault),
      reviewer.get(`/api/v1/staff/cases/${ref}`),
      watcher.get('/api/v1/dev/mailbox'),
      reviewer.get(`/api/v1/staff/cases/${ref}`),
    ]);
    for (const answer of served) expect(answer.status).toBe(200);
    expect(rotation.retired).toEqual([oldKey.id]);
    expect(rotation.newKeyId).not.toBe(oldKey.id);
    expect(rotation.reencrypted).toBeGreaterThan(0);
    expect(vault.activeKeyId()).toBe(rotation.newKeyId);

    // Data sealed before the rotation still reads.
    const view = await reviewer.get(`/api/v1/staff/cases/${ref}?reveal=true`);
    expect(view.status).toBe(200);
    expect(view.body.subscriber).toMatchObject({ name: zhangWei.name, idNumber: zhangWei.idNumber, email: zhangWei.email });
    expect((await mailbox(watcher)).some((m) => m.to === zhangWei.email && m.subject.includes(ref))).toBe(true);

    // A demo subscriber still verifies (matching against re-encrypted data), and new rows use the new key.
    const { ref: newRef } = await applyAs(h, liNa);
    const newKeyPrefix = `lc1.${rotation.newKeyId}.`;
    const [newestMail] = await db.query<{ recipient: string; body: string }>('SELECT recipient, body FROM dev_mailbox ORDER BY id DESC LIMIT 1');
    expect(newestMail!.recipient.startsWith(newKeyPrefix)).toBe(true);
    expect(newestMail!.body.startsWith(newKeyPrefix)).toBe(true);
    const [newestMessage] = await db.query<{ recipient: string }>(
      'SELECT m.recipient FROM communications m JOIN cases c ON c.id = m.case_id WHERE c.reference = $1 ORDER BY m.id DESC LIMIT 1',
      [newRef],
    );
    expect(newestMessage!.recipient.startsWith(newKeyPrefix)).toBe(true);

    const keys = await keyStatus(db);
    expect(keys.find((k) => k.id === oldKey.id)).toMatchObject({ state: 'retired', rows: 0 });
    expect(keys.find((k) => k.id === rotation.newKeyId)).toMatchObject({ purpose: 'data', state: 'active', rows: expect.any(Number) });
    expect(keys.find((k) => k.id === rotation.newKeyId)!.rows).toBeGreaterThan(0);
  });
});

/** The audit rows about one subject, read straight from the database. */
async function ctxAudit(h: Harness, subject: string) {
  return listAudit(h.runtime.ctx.db, { subject, limit: 1000 });
}

/** Starts a verification and checks that its code went to the registered e-mail, not by SMS, and confirms. */
async function expectCodeByEmailOnly(h: Harness, request: { msisdn: string; email: string; name: string; idNumber: string; channel?: string }, masked: string) {
  const c = new Client(h.base);
  const before = await newestMessageId(c);
  const start = await c.post('/api/v1/verifications', request);
  expect(start.status).toBe(202);
  expect(start.body).toMatchObject({ channel: 'email', maskedDestination: masked });
  const code = await codeSentTo(c, request.email, before);
  await settle();
  expect(await messagesTo(c, request.msisdn, before)).toHaveLength(0);
  expect((await confirm(c, start.body.verificationId, code)).status).toBe(200);
}
