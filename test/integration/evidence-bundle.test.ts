import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, testDatabaseAvailable } from '../support/databases.js';
import { Client, startHarness, verifyAs, zhangWei, type Harness } from '../support/harness.js';
import { canonicalJson } from '../../src/domain/canonical-json.js';

const sha256 = (b: Buffer | string) => crypto.createHash('sha256').update(b).digest('hex');
// The smallest valid PNG: the upload check reads the first bytes, not the name.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

describe.each(testDatabases)("a hotline case's evidence bundle (%s)", async (kind) => {
  const available = await testDatabaseAvailable(kind);
  let h: Harness;

  beforeAll(async () => {
    if (available) h = (await startHarness(kind, { now: '2026-11-25T10:00:00+08:00' }))!;
  });
  afterAll(async () => h?.close());

  it.skipIf(!available)('holds the verified call that opened the case, the uploaded document byte for byte, and an SLA the history alone reproduces', async () => {
    const api = '/api/v1';
    const agent = new Client(h.base);
    await agent.loginStaff('agent');
    const rang = await agent.post(`${api}/staff/calls/incoming`, { msisdn: zhangWei.msisdn });
    expect(rang.status).toBe(201);
    const callId: string = rang.body.call.id;
    expect((await agent.post(`${api}/staff/calls/${callId}/answer`)).status).toBe(200);

    const body = { msisdn: zhangWei.msisdn, reason: '不再使用', acknowledgements: [] as string[], channel: 'hotline', callId };
    // Not before the caller has been verified on the call.
    expect((await agent.post(`${api}/staff/cases`, body)).body.error.code).toBe('caller_not_verified');
    expect((await agent.post(`${api}/staff/calls/${callId}/verify`, { fact: 'name', answer: zhangWei.name })).body.confirmed).toBe(true);
    const verified = await agent.post(`${api}/staff/calls/${callId}/verify`, { fact: 'id_number', answer: zhangWei.idNumber.toLowerCase() });
    expect(verified.body).toMatchObject({ confirmed: true, verified: true });
    const unread = await agent.post(`${api}/staff/cases`, body);
    expect(unread.body.error.code).toBe('acknowledgement_required');
    const opened = await agent.post(`${api}/staff/cases`, { ...body, acknowledgements: unread.body.error.details.missing });
    expect(opened.status).toBe(201);
    const ref: string = opened.body.reference;
    expect((await agent.post(`${api}/staff/calls/${callId}/end`, { outcome: 'case_opened', note: 'Read out the checklist' })).status).toBe(200);

    const customer = new Client(h.base);
    await verifyAs(customer, zhangWei);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(png)]), 'id-front.png');
    const up = await fetch(`${h.base}${api}/cancellations/${ref}/documents`, { method: 'POST', body: form, headers: { authorization: `Bearer ${customer.token}` } });
    expect(up.status).toBe(201);

    const reviewer = new Client(h.base);
    await reviewer.loginStaff('reviewer');
    const view = await reviewer.get(`${api}/staff/cases/${ref}`);
    expect(view.body).toMatchObject({ channel: 'hotline', openedBy: 'agent', fourEyes: { openedBy: 'agent', mayApprove: true } });
    expect(view.body.calls).toEqual([expect.objectContaining({ id: callId, outcome: 'case_opened', facts: ['name', 'id_number'], note: 'Read out the checklist' })]);
    // The agent who opened it sees why they may not approve it.
    expect((await agent.get(`${api}/staff/cases/${ref}`)).body.fourEyes).toMatchObject({ mayApprove: false });

    const auditor = new Client(h.base);
    await auditor.loginStaff('auditor');
    const res = await auditor.get(`${api}/staff/cases/${ref}/evidence`);
    expect(res.status).toBe(200);
    const { digest, ...bundle } = res.body;
    expect(digest).toBe(sha256(canonicalJson(bundle)));
    expect(bundle.calls).toEqual([expect.objectContaining({ id: callId, direction: 'in', agent: 'agent', factsConfirmed: ['name', 'id_number'], outcome: 'case_opened', note: 'Read out the checklist' })]);
    expect(bundle.communications.some((m: { channel: string; template: string }) => m.channel === 'phone' && m.template === 'call_log')).toBe(true);
    expect(bundle.documents).toHaveLength(1);
    const doc = bundle.documents[0];
    expect(doc).toMatchObject({ name: 'id-front.png', contentType: 'image/png', sha256: sha256(png) });
    expect(sha256(Buffer.from(doc.contentBase64, 'base64'))).toBe(doc.sha256);
    expect(bundle.slaFromHistory).toMatchObject({ receivedOn: bundle.case.receivedOn, dueOn: bundle.case.dueOn, paused: false, breachedAt: null });
    expect(bundle.audit.chain.ok).toBe(true);
    expect(bundle.audit.rows.some((r: { action: string }) => r.action === 'case.call_logged')).toBe(true);
  });
});
