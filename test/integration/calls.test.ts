import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, testDatabaseAvailable } from '../support/databases.js';
import { Client, liNa, oliver, startHarness, verifyAs, zhangWei, type Harness } from '../support/harness.js';
import { verifiedCallFor } from '../../src/app/hotline/calls.js';
import { formatReference } from '../../src/domain/reference.js';

/*
 * The hotline desk through real HTTP: a call rings, an agent answers it, checks who is calling
 * without ever seeing the record, and ends it; the call is kept on the caller's case and in the
 * audit trail. Unknown numbers, callbacks, roles and bad input too.
 */

const allAcks = ['prepaid_credit_refund', 'early_termination_charge', 'binding_bank', 'binding_alipay', 'binding_wechat', 'binding_other', 'port_out_option', 'esim_profile', 'backup_reminder'];
const NO_LINE = '+8613700000001'; // a valid Chinese mobile number that is not in the demo data
const RANDOM_UUID = '6f1c1f4e-8d3a-4c7e-9b2a-1d5e4f3a2b1c';
const api = '/api/v1';

describe.each(testDatabases)('hotline desk (%s)', async (kind) => {
  const available = await testDatabaseAvailable(kind);
  let h: Harness;
  let agent: Client;
  let supervisor: Client;
  let ref = '';

  beforeAll(async () => {
    if (!available) return;
    h = (await startHarness(kind, { now: '2026-11-25T10:00:00+08:00' }))!;
    const customer = new Client(h.base);
    await verifyAs(customer, zhangWei);
    const applied = await customer.post(`${api}/cancellations`, { msisdn: zhangWei.msisdn, reason: '不再使用', acknowledgements: allAcks });
    if (applied.status !== 201) throw new Error(`setup application: ${applied.status} ${JSON.stringify(applied.body)}`);
    ref = applied.body.reference;
    agent = new Client(h.base);
    await agent.loginStaff('agent');
    supervisor = new Client(h.base);
    await supervisor.loginStaff('supervisor');
  });
  afterAll(async () => h?.close());

  const db = () => h.runtime.ctx.db;
  const incoming = async (msisdn: string) => {
    const r = await agent.post(`${api}/staff/calls/incoming`, { msisdn });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.call as { id: string };
  };
  const verify = (c: Client, id: string, fact: string, answer: string) => c.post(`${api}/staff/calls/${id}/verify`, { fact, answer });

  it.skipIf(!available)('rings an incoming call until one agent answers it, and pops up the caller with the open case', async () => {
    const call = await incoming(zhangWei.msisdn);
    expect(call).toMatchObject({ msisdn: zhangWei.msisdn, direction: 'in', state: 'ringing', agent: null, facts: [], verified: false, triesLeft: 3, outcome: null, reference: null, callbackId: null, answeredAt: null, endedAt: null });
    const ringing = await agent.get(`${api}/staff/calls?state=ringing`);
    expect(ringing.status).toBe(200);
    expect(ringing.body.items.map((c: { id: string }) => c.id)).toContain(call.id);

    const view = await agent.get(`${api}/staff/calls/${call.id}`);
    expect(view.status).toBe(200);
    expect(view.body.caller).toMatchObject({
      msisdn: zhangWei.msisdn, known: true, region: 'CN', lineStatus: 'active', maskedName: '张*', language: 'zh-CN',
      openCase: { reference: ref, state: 'submitted', dueOn: '2026-12-04', sla: 'on_track', paused: false },
      cases: [{ reference: ref, state: 'submitted', channel: 'web', dueOn: '2026-12-04' }],
      callbacks: [], duplicates: [],
    });
    expect(JSON.stringify(view.body)).not.toContain(zhangWei.name);

    const answered = await agent.post(`${api}/staff/calls/${call.id}/answer`);
    expect(answered.status).toBe(200);
    expect(answered.body.call).toMatchObject({ state: 'active', agent: 'agent', answeredAt: '2026-11-25T02:00:00.000Z' });
    expect((await agent.post(`${api}/staff/calls/${call.id}/answer`)).status).toBe(200);
    expect((await agent.get(`${api}/staff/calls?state=ringing`)).body.items.map((c: { id: string }) => c.id)).not.toContain(call.id);
    expect((await agent.get(`${api}/staff/calls?state=active`)).body.items.map((c: { id: string }) => c.id)).toContain(call.id);

    const taken = await supervisor.post(`${api}/staff/calls/${call.id}/answer`);
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('call_taken');
    const notMine = await verify(supervisor, call.id, 'name', zhangWei.name);
    expect(notMine.status).toBe(403);
    expect(notMine.body.error.code).toBe('not_your_call');
    await supervisor.post(`${api}/staff/calls/${call.id}/end`, { outcome: 'other' }).then((r) => expect(r.status).toBe(200));
  });

  it.skipIf(!available)('locks the check after three wrong answers, even for a right one after them', async () => {
    const call = await incoming(zhangWei.msisdn);
    const early = await verify(agent, call.id, 'name', zhangWei.name);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('call_not_answered');
    await agent.post(`${api}/staff/calls/${call.id}/answer`);

    const tries = [];
    for (const [fact, answer] of [['name', '李四'], ['id_number', '110105194912310010'], ['email', 'someone@example.com']] as const) {
      const r = await verify(agent, call.id, fact, answer);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ fact, confirmed: false, facts: [], verified: false });
      tries.push(r.body.triesLeft);
    }
    expect(tries).toEqual([2, 1, 0]);
    const locked = await verify(agent, call.id, 'name', zhangWei.name);
    expect(locked.status).toBe(409);
    expect(locked.body.error.code).toBe('verification_locked');
    const [row] = await db().query<{ failed_checks: number; facts: string[] }>('SELECT failed_checks, facts FROM calls WHERE public_id = $1', [call.id]);
    expect(row).toEqual({ failed_checks: 3, facts: [] });
    const audit = await db().query<{ action: string }>(`SELECT action FROM audit_log WHERE subject = $1 AND data LIKE $2 ORDER BY seq`, [zhangWei.msisdn, `%${call.id}%`]);
    expect(audit.map((a) => a.action)).toEqual(['call.received', 'call.answered', 'call.fact_checked', 'call.fact_checked', 'call.fact_checked', 'call.verification_locked']);

    const ended = await agent.post(`${api}/staff/calls/${call.id}/end`, { outcome: 'not_verified' });
    expect(ended.status).toBe(200);
    expect(ended.body.call).toMatchObject({ state: 'ended', outcome: 'not_verified', verified: false, triesLeft: 0, reference: ref });
  });

  it.skipIf(!available)('confirms the right answers however the caller spells them, and never stores or echoes them', async () => {
    const call = await incoming(zhangWei.msisdn);
    await agent.post(`${api}/staff/calls/${call.id}/answer`);
    const wrong = await verify(agent, call.id, 'iccid_last6', '123456');
    expect(wrong.body).toMatchObject({ confirmed: false, triesLeft: 2 });

    const answers = [
      ['name', ' 张 伟 ', ['name'], false],
      ['id_number', '110105 19491231 002x', ['name', 'id_number'], true],
      ['email', 'Zhang.Wei@EXAMPLE.com', ['name', 'id_number', 'email'], true],
      ['iccid_last6', '000 019', ['name', 'id_number', 'email', 'iccid_last6'], true],
    ] as const;
    for (const [fact, answer, facts, verified] of answers) {
      const r = await verify(agent, call.id, fact, answer);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body).toEqual({ fact, confirmed: true, facts, verified, triesLeft: 2 });
    }
    const view = await agent.get(`${api}/staff/calls/${call.id}`);
    expect(view.body.call).toMatchObject({ facts: ['name', 'id_number', 'email', 'iccid_last6'], verified: true, triesLeft: 2 });
    const stored = await db().query<{ t: string }>('SELECT c::text AS t FROM calls c WHERE public_id = $1', [call.id]);
    const trail = await db().query<{ t: string }>('SELECT a::text AS t FROM audit_log a WHERE subject = $1', [zhangWei.msisdn]);
    for (const t of [...stored, ...trail].map((r) => r.t)) {
      for (const secret of [zhangWei.name, zhangWei.idNumber, zhangWei.email, '张 伟', '002x']) expect(t).not.toContain(secret);
    }

    const ended = await agent.post(`${api}/staff/calls/${call.id}/end`, { outcome: 'status_given', note: 'Told the caller the due day' });
    expect(ended.status).toBe(200);
    expect(ended.body.call).toMatchObject({ id: call.id, state: 'ended', outcome: 'status_given', reference: ref, verified: true, endedAt: '2026-11-25T02:00:00.000Z' });
    expect((await agent.post(`${api}/staff/calls/${call.id}/end`, { outcome: 'other' })).body.error.code).toBe('call_ended');
    expect((await verify(agent, call.id, 'name', zhangWei.name)).body.error.code).toBe('call_ended');
    expect((await agent.post(`${api}/staff/calls/${call.id}/answer`)).body.error.code).toBe('call_ended');
    const [row] = await db().query<{ note: string; communication_id: number | null }>('SELECT note, communication_id FROM calls WHERE public_id = $1', [call.id]);
    expect(row!.note).toMatch(/^lc1\./);

    const kase = await agent.get(`${api}/staff/cases/${ref}`);
    expect(kase.status).toBe(200);
    const phone = kase.body.communications.filter((m: { channel: string }) => m.channel === 'phone');
    expect(phone.find((m: { id: number }) => m.id === row!.communication_id)).toMatchObject({
      channel: 'phone', direction: 'in', template: 'call_log', to: zhangWei.msisdn, subject: 'Call status_given', text: 'status_given (note kept with the call)', status: 'received',
    });
    // The note stays sealed on the call; staff read it with the case's calls, the customer never sees the log.
    expect(kase.body.calls.find((k: { id: string }) => k.id === call.id)).toMatchObject({ outcome: 'status_given', note: 'Told the caller the due day' });
    const logged = kase.body.history.filter((e: { type: string }) => e.type === 'call_logged');
    expect(logged.at(-1)).toMatchObject({ actor: 'staff:agent', data: { callId: call.id, outcome: 'status_given', direction: 'in', agent: 'agent' } });
    const [comm] = await db().query<{ recipient: string; message_id: string; case_id: number; subscriber_id: number }>('SELECT recipient, message_id, case_id, subscriber_id FROM communications WHERE id = $1', [row!.communication_id]);
    expect(comm!.recipient).toMatch(/^lc1\./);
    expect(comm!.message_id).toBe(`<call-${call.id}@lastcall.invalid>`);

    const audit = await supervisor.get(`${api}/staff/audit?subject=${encodeURIComponent(zhangWei.msisdn)}&limit=1000`);
    expect(audit.status).toBe(200);
    const mine = audit.body.items.filter((a: { data: { callId?: string } }) => a.data.callId === call.id).map((a: { action: string }) => a.action);
    expect(mine).toEqual(['call.received', 'call.answered', 'call.fact_checked', 'call.fact_checked', 'call.fact_checked', 'call.fact_checked', 'call.fact_checked', 'personal_data.read', 'call.ended']);
    const caseTrail = await supervisor.get(`${api}/staff/audit?ref=${ref}&limit=1000`);
    expect(caseTrail.body.items.some((a: { action: string; data: { callId?: string } }) => a.action === 'case.call_logged' && a.data.callId === call.id)).toBe(true);
  });

  it.skipIf(!available)('pops up a number that is not ours as an unknown caller who can confirm nothing', async () => {
    const call = await incoming(NO_LINE);
    const view = await agent.get(`${api}/staff/calls/${call.id}`);
    expect(view.body.caller).toEqual({ msisdn: NO_LINE, known: false, cases: [], callbacks: [], duplicates: [] });
    const lookup = await agent.get(`${api}/staff/callers/${NO_LINE}`);
    expect(lookup.status).toBe(200);
    expect(lookup.body).toEqual({ msisdn: NO_LINE, known: false, cases: [], callbacks: [], duplicates: [] });
    await agent.post(`${api}/staff/calls/${call.id}/answer`);
    for (const fact of ['name', 'id_number']) {
      const r = await verify(agent, call.id, fact, 'anything');
      expect(r.body).toMatchObject({ confirmed: false, verified: false });
    }
    const mismatched = await agent.post(`${api}/staff/calls/${call.id}/end`, { outcome: 'other', reference: ref });
    expect(mismatched.status).toBe(422);
    expect(mismatched.body.error.code).toBe('case_not_for_caller');
    const ended = await agent.post(`${api}/staff/calls/${call.id}/end`, { outcome: 'other', note: 'Wrong number' });
    expect(ended.status).toBe(200);
    expect(ended.body.call).toMatchObject({ state: 'ended', reference: null });
    const [comm] = await db().query<{ case_id: number | null; subscriber_id: number | null; channel: string }>(
      'SELECT m.case_id, m.subscriber_id, m.channel FROM communications m JOIN calls k ON k.communication_id = m.id WHERE k.public_id = $1',
      [call.id],
    );
    expect(comm).toEqual({ case_id: null, subscriber_id: null, channel: 'phone' });
    const [looked] = await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE subject = $1 AND action = 'personal_data.read'`, [NO_LINE]);
    expect(looked!.n).toBe(2);
  });

  it.skipIf(!available)('looks a known caller up by number, with cases and callbacks, on the record', async () => {
    const r = await agent.get(`${api}/staff/callers/${encodeURIComponent(zhangWei.msisdn)}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ known: true, maskedName: '张*', openCase: { reference: ref, sla: 'on_track' }, cases: [{ reference: ref }] });
    const [row] = await db().query<{ actor: string; data: string }>(`SELECT actor, data FROM audit_log WHERE subject = $1 AND action = 'personal_data.read' ORDER BY seq DESC LIMIT 1`, [zhangWei.msisdn]);
    expect(row!.actor).toBe('staff:agent');
    expect(JSON.parse(row!.data)).toMatchObject({ via: 'caller', masked: true });
  });

  it.skipIf(!available)('returns a callback as an outgoing call and marks it done, but leaves it waiting when nobody answers', async () => {
    const customer = new Client(h.base);
    await verifyAs(customer, oliver);
    const asked = await customer.post(`${api}/callbacks`, { msisdn: oliver.msisdn, phone: '+447400900123', preferredTime: 'after 10am', note: 'about cancelling' });
    expect(asked.status).toBe(201);
    const callbackId: string = asked.body.id;

    const waiting = await agent.get(`${api}/staff/callbacks`);
    expect(waiting.status).toBe(200);
    expect(waiting.body.items).toEqual([{
      id: callbackId, msisdn: oliver.msisdn, maskedName: 'O*** S***', region: 'GB', language: 'en', phone: '+4474****0123', preferredTime: 'after 10am',
      note: 'about cancelling', state: 'waiting', requestedAt: '2026-11-25T02:00:00.000Z', handledAt: null, handledBy: null,
    }]);
    const caller = await agent.get(`${api}/staff/callers/${oliver.msisdn}`);
    expect(caller.body.callbacks).toEqual([{ id: callbackId, state: 'waiting', preferredTime: 'after 10am', requestedAt: '2026-11-25T02:00:00.000Z' }]);

    const mismatch = await agent.post(`${api}/staff/calls`, { msisdn: zhangWei.msisdn, callbackId });
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.error.code).toBe('callback_mismatch');
    const noAnswer = await agent.post(`${api}/staff/calls`, { msisdn: oliver.msisdn, callbackId });
    expect(noAnswer.status).toBe(201);
    expect(noAnswer.body.call).toMatchObject({ direction: 'out', state: 'active', agent: 'agent', callbackId });
    const twice = await supervisor.post(`${api}/staff/calls`, { msisdn: oliver.msisdn, callbackId });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('callback_in_progress');
    await agent.post(`${api}/staff/calls/${noAnswer.body.call.id}/end`, { outcome: 'no_answer' });
    expect((await agent.get(`${api}/staff/callbacks?state=waiting`)).body.items.map((b: { id: string }) => b.id)).toEqual([callbackId]);

    const returned = await agent.post(`${api}/staff/calls`, { msisdn: oliver.msisdn, callbackId });
    expect(returned.status).toBe(201);
    const ended = await agent.post(`${api}/staff/calls/${returned.body.call.id}/end`, { outcome: 'callback_done', note: 'Explained the steps' });
    expect(ended.status).toBe(200);
    expect(ended.body.call).toMatchObject({ state: 'ended', outcome: 'callback_done', direction: 'out', callbackId, reference: null });
    expect((await agent.get(`${api}/staff/callbacks`)).body.items).toEqual([]);
    const done = await agent.get(`${api}/staff/callbacks?state=done`);
    expect(done.body.items).toEqual([expect.objectContaining({ id: callbackId, state: 'done', handledBy: 'agent', handledAt: '2026-11-25T02:00:00.000Z' })]);
    const again = await agent.post(`${api}/staff/calls`, { msisdn: oliver.msisdn, callbackId });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('callback_not_waiting');

    const [comm] = await db().query<{ direction: string; status: string; case_id: number | null; subscriber_id: number | null }>(
      'SELECT m.direction, m.status, m.case_id, m.subscriber_id FROM communications m JOIN calls k ON k.communication_id = m.id WHERE k.public_id = $1',
      [returned.body.call.id],
    );
    expect(comm).toMatchObject({ direction: 'out', status: 'sent', case_id: null, subscriber_id: expect.any(Number) });
    const handled = await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'callback.handled' AND subject = $1`, [oliver.msisdn]);
    expect(handled[0]!.n).toBe(1);
  });

  it.skipIf(!available)('lets an agent start a call on a number and file it under a case the caller names', async () => {
    const started = await agent.post(`${api}/staff/calls`, { msisdn: zhangWei.msisdn });
    expect(started.status).toBe(201);
    expect(started.body.call).toMatchObject({ direction: 'in', state: 'active', agent: 'agent', callbackId: null });
    const ended = await agent.post(`${api}/staff/calls/${started.body.call.id}/end`, { outcome: 'status_given', reference: ref });
    expect(ended.body.call.reference).toBe(ref);
  });

  it.skipIf(!available)('hands the case route a verified live call for its number, and nothing else', async () => {
    const check = (id: string, msisdn: string) => db().transaction((tx) => verifiedCallFor(tx, id, msisdn));
    const call = await incoming(zhangWei.msisdn);
    await agent.post(`${api}/staff/calls/${call.id}/answer`);
    await expect(check(call.id, zhangWei.msisdn)).rejects.toMatchObject({ code: 'caller_not_verified', kind: 'conflict' });
    await verify(agent, call.id, 'name', zhangWei.name);
    await expect(check(call.id, zhangWei.msisdn)).rejects.toMatchObject({ code: 'caller_not_verified' });
    await verify(agent, call.id, 'id_number', zhangWei.idNumber);
    const [row] = await db().query<{ id: number }>('SELECT id FROM calls WHERE public_id = $1', [call.id]);
    await expect(check(call.id, zhangWei.msisdn)).resolves.toEqual({ id: row!.id });
    await expect(check(call.id, liNa.msisdn)).rejects.toMatchObject({ code: 'caller_not_verified' });
    await expect(check('not-a-uuid', zhangWei.msisdn)).rejects.toMatchObject({ code: 'caller_not_verified' });
    await expect(check(RANDOM_UUID, zhangWei.msisdn)).rejects.toMatchObject({ code: 'caller_not_verified' });
    await agent.post(`${api}/staff/calls/${call.id}/end`, { outcome: 'status_given' });
    await expect(check(call.id, zhangWei.msisdn)).rejects.toMatchObject({ code: 'caller_not_verified' });
  });

  it.skipIf(!available)('keeps the desk to agents and supervisors', async () => {
    const call = await incoming(zhangWei.msisdn);
    const requests: [string, string, unknown?][] = [
      ['POST', '/staff/calls/incoming', { msisdn: zhangWei.msisdn }],
      ['GET', '/staff/calls?state=ringing'],
      ['POST', '/staff/calls', { msisdn: zhangWei.msisdn }],
      ['GET', `/staff/calls/${call.id}`],
      ['POST', `/staff/calls/${call.id}/answer`, {}],
      ['POST', `/staff/calls/${call.id}/verify`, { fact: 'name', answer: 'x' }],
      ['POST', `/staff/calls/${call.id}/end`, { outcome: 'other' }],
      ['GET', `/staff/callers/${zhangWei.msisdn}`],
      ['GET', '/staff/callbacks'],
    ];
    const before = await db().query<{ n: number }>('SELECT count(*)::int AS n FROM calls');
    for (const role of ['reviewer', 'auditor', 'admin']) {
      const c = new Client(h.base);
      await c.loginStaff(role);
      for (const [method, url, body] of requests) {
        const r = await c.call(method, api + url, body);
        expect(r.status, `${role} ${method} ${url}`).toBe(403);
        expect(r.body.error.code).toBe('forbidden');
      }
    }
    const anonymous = new Client(h.base);
    for (const [method, url, body] of requests) expect((await anonymous.call(method, api + url, body)).status, `${method} ${url}`).toBe(401);
    expect(await db().query<{ n: number }>('SELECT count(*)::int AS n FROM calls')).toEqual(before);
    expect((await supervisor.get(`${api}/staff/callbacks`)).status).toBe(200);
    await agent.post(`${api}/staff/calls/${call.id}/end`, { outcome: 'no_answer' });
  });

  it.skipIf(!available)('answers bad input with a 4xx in the error shape and stores nothing', async () => {
    const live = await incoming(liNa.msisdn);
    await agent.post(`${api}/staff/calls/${live.id}/answer`);
    const ringing = await incoming(liNa.msisdn);
    const ended = ((await agent.get(`${api}/staff/calls?state=ended`)).body.items as { id: string }[])[0]!.id;
    const missing = formatReference(2026, 9_999_999);
    const rows: [string, string, unknown, number, string][] = [
      ['POST', '/staff/calls/incoming', { msisdn: '+861012345678' }, 400, 'validation_failed'],
      ['POST', '/staff/calls/incoming', { msisdn: '8613800138000' }, 400, 'validation_failed'],
      ['POST', '/staff/calls/incoming', { msisdn: "' OR 1=1 --" }, 400, 'validation_failed'],
      ['POST', '/staff/calls/incoming', { msisdn: 8613800138000 }, 400, 'validation_failed'],
      ['POST', '/staff/calls/incoming', { msisdn: zhangWei.msisdn, state: 'active' }, 400, 'validation_failed'],
      ['POST', '/staff/calls/incoming', undefined, 400, 'validation_failed'],
      ['POST', '/staff/calls/incoming', '{"msisdn":', 400, 'invalid_json'],
      ['GET', '/staff/calls?state=bogus', undefined, 400, 'validation_failed'],
      ['GET', '/staff/calls?state=ringing&state=active', undefined, 400, 'validation_failed'],
      ['POST', '/staff/calls', { msisdn: zhangWei.msisdn, callbackId: 'abc' }, 400, 'validation_failed'],
      ['POST', '/staff/calls', { msisdn: zhangWei.msisdn, callbackId: RANDOM_UUID }, 404, 'callback_not_found'],
      ['POST', '/staff/calls', { msisdn: zhangWei.msisdn, direction: 'out' }, 400, 'validation_failed'],
      ['GET', '/staff/calls/not-a-uuid', undefined, 400, 'validation_failed'],
      ['GET', `/staff/calls/${RANDOM_UUID}`, undefined, 404, 'call_not_found'],
      ['POST', `/staff/calls/${RANDOM_UUID}/answer`, {}, 404, 'call_not_found'],
      ['POST', `/staff/calls/${ringing.id}/answer`, { agent: 'supervisor' }, 400, 'validation_failed'],
      ['POST', `/staff/calls/${ended}/answer`, undefined, 409, 'call_ended'],
      ['POST', `/staff/calls/${live.id}/verify`, { fact: 'birthday', answer: '1949' }, 400, 'validation_failed'],
      ['POST', `/staff/calls/${live.id}/verify`, { fact: 'name', answer: '' }, 400, 'validation_failed'],
      ['POST', `/staff/calls/${live.id}/verify`, { fact: 'name', answer: '   ' }, 400, 'validation_failed'],
      ['POST', `/staff/calls/${live.id}/verify`, { fact: 'name', answer: '李\u200b娜' }, 400, 'validation_failed'],
      ['POST', `/staff/calls/${live.id}/verify`, { fact: 'name', answer: 'x'.repeat(255) }, 400, 'validation_failed'],
      ['POST', `/staff/calls/${live.id}/verify`, { fact: 'name', answer: ['a'] }, 400, 'validation_failed'],
      ['POST', `/staff/calls/${live.id}/verify`, { fact: 'name', answer: 'x', confirmed: true }, 400, 'validation_failed'],
      ['POST', `/staff/calls/${ringing.id}/verify`, { fact: 'name', answer: 'x' }, 409, 'call_not_answered'],
      ['POST', `/staff/calls/${RANDOM_UUID}/verify`, { fact: 'name', answer: 'x' }, 404, 'call_not_found'],
      ['POST', `/staff/calls/${live.id}/end`, { outcome: 'hung_up' }, 400, 'validation_failed'],
      ['POST', `/staff/calls/${live.id}/end`, {}, 400, 'validation_failed'],
      ['POST', `/staff/calls/${live.id}/end`, { outcome: 'other', note: 'x'.repeat(2001) }, 400, 'validation_failed'],
      ['POST', `/staff/calls/${live.id}/end`, { outcome: 'other', note: 'note\u202e' }, 400, 'validation_failed'],
      ['POST', `/staff/calls/${live.id}/end`, { outcome: 'other', reference: 'LC-2026-0000001-0' }, 400, 'validation_failed'],
      ['POST', `/staff/calls/${live.id}/end`, { outcome: 'other', reference: ref }, 422, 'case_not_for_caller'],
      ['POST', `/staff/calls/${live.id}/end`, { outcome: 'other', reference: missing }, 422, 'case_not_for_caller'],
      ['POST', `/staff/calls/${ended}/end`, { outcome: 'other' }, 409, 'call_ended'],
      ['GET', '/staff/callers/+86138', undefined, 400, 'validation_failed'],
      ['GET', `/staff/callers/${encodeURIComponent('<script>alert(1)</script>')}`, undefined, 400, 'validation_failed'],
      ['GET', '/staff/callbacks?state=open', undefined, 400, 'validation_failed'],
    ];
    const snapshot = async () => ({
      calls: await db().query('SELECT public_id, state, agent, facts, failed_checks, outcome, case_id, communication_id FROM calls ORDER BY id'),
      communications: await db().query('SELECT count(*)::int AS n FROM communications'),
      callbacks: await db().query('SELECT public_id, state FROM callbacks ORDER BY id'),
      caseEvents: await db().query('SELECT count(*)::int AS n FROM case_events'),
    });
    const before = await snapshot();
    for (const [method, url, body, status, code] of rows) {
      const r = await agent.call(method, api + url, body);
      const what = `${method} ${url} ${JSON.stringify(body)?.slice(0, 80)}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`;
      expect(r.status, what).toBe(status);
      expect(r.body.error.code, what).toBe(code);
      expect(r.body.error.message, what).toBeTypeOf('string');
      expect(r.headers.get('content-type'), what).toMatch(/^application\/json/);
    }
    expect(await snapshot()).toEqual(before);
  });

  it.skipIf(!available)('stops verifying a number after six wrong answers over its calls in a day, whichever agent takes them', async () => {
    const wang = { msisdn: '+8618611112222', idNumber: '440305199207086819' };
    const fail = async (c: Client) => {
      const call = await incoming(wang.msisdn);
      expect((await c.post(`${api}/staff/calls/${call.id}/answer`)).status).toBe(200);
      return call;
    };
    const first = await fail(agent);
    for (const answer of ['王五', '王六', '王七']) expect((await verify(agent, first.id, 'name', answer)).body.confirmed).toBe(false);
    await agent.post(`${api}/staff/calls/${first.id}/end`, { outcome: 'not_verified' });
    // Ringing again for a fresh agent gives one more call's worth of tries, counted down across both.
    const second = await fail(supervisor);
    expect((await verify(supervisor, second.id, 'name', '王八')).body.triesLeft).toBe(2);
    await verify(supervisor, second.id, 'name', '王九');
    expect((await verify(supervisor, second.id, 'email', 'x@example.com')).body.triesLeft).toBe(0);
    await supervisor.post(`${api}/staff/calls/${second.id}/end`, { outcome: 'not_verified' });
    const third = await fail(agent);
    const locked = await verify(agent, third.id, 'id_number', wang.idNumber);
    expect(locked.status).toBe(409);
    expect(locked.body.error.code).toBe('caller_locked');
    const [row] = await db().query<{ facts: string[] }>('SELECT facts FROM calls WHERE public_id = $1', [third.id]);
    expect(row!.facts).toEqual([]);
    await agent.post(`${api}/staff/calls/${third.id}/end`, { outcome: 'not_verified' });

    // A day later the number may be verified on the hotline again.
    h.clock.set('2026-11-26T10:30:00+08:00');
    await agent.loginStaff('agent');
    const nextDay = await fail(agent);
    expect((await verify(agent, nextDay.id, 'id_number', wang.idNumber)).body).toMatchObject({ confirmed: true, triesLeft: 3 });
  });
});
