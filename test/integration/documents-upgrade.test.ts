import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, testDatabaseAvailable } from '../support/databases.js';
import { Client, startHarness, verifyAs, zhangWei, type Harness } from '../support/harness.js';
import { moveDocumentsIntoDatabase } from '../../src/app/evidence/documents-upgrade.js';
import { createLogger } from '../../src/log.js';

/*
 * Documents live in the database since 0014. A database from before holds rows naming a file of
 * the data dir; the start after the upgrade reads each file into its row, byte for byte, after
 * checking it opens and matches the SHA-256 recorded at upload. Rows from before are made here by
 * moving a stored document's bytes back out into a file, as the older lastcall kept them.
 */
const zhangAcks = ['prepaid_credit_refund', 'binding_bank', 'binding_alipay', 'binding_wechat', 'port_out_option', 'backup_reminder'];
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), crypto.randomBytes(4096)]);
const pdf = Buffer.from('%PDF-1.4\n% a letter\n%%EOF\n');
const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), crypto.randomBytes(512)]);

async function upload(c: Client, url: string, fields: [string, string][], files: [string, string, Buffer][]) {
  const form = new FormData();
  for (const [k, v] of fields) form.append(k, v);
  for (const [field, name, bytes] of files) form.append(field, new Blob([new Uint8Array(bytes)]), name);
  const res = await fetch(c.base + url, { method: 'POST', body: form, headers: { authorization: `Bearer ${c.token}` } });
  return { status: res.status, body: await res.json() };
}

describe.each(testDatabases)('documents moved into the database on upgrade (%s)', async (kind) => {
  const available = await testDatabaseAvailable(kind);
  let h: Harness;
  beforeAll(async () => {
    if (available) h = (await startHarness(kind))!;
  });
  afterAll(async () => h?.close());

  it.skipIf(!available)('reads each file in once, unchanged, and leaves the files; a tampered or missing file is not moved', async () => {
    const db = h.runtime.ctx.db;
    const c = new Client(h.base);
    await verifyAs(c, zhangWei);
    const fields: [string, string][] = [['msisdn', zhangWei.msisdn], ['reason', '不再使用'], ['refund', 'original_payment'], ...zhangAcks.map((a): [string, string] => ['acknowledgements', a])];
    const applied = await upload(c, '/api/v1/cancellations', fields, [['form', 'form.png', png]]);
    expect(applied.status).toBe(201);
    const ref: string = applied.body.reference;
    expect((await upload(c, `/api/v1/cancellations/${ref}/documents`, [], [['file', 'letter.pdf', pdf], ['file', 'id.jpg', jpeg]])).status).toBe(201);
    const docs = (await c.get(`/api/v1/cancellations/${ref}`)).body.documents as { id: string; sha256: string }[];
    expect(docs).toHaveLength(3);
    const [good, tampered, lost] = [docs[0]!, docs[1]!, docs[2]!];

    // As the older lastcall left them: the sealed bytes in <data dir>/documents/<id>.lcdoc, the row naming the file.
    const dir = path.join(h.runtime.ctx.config.dataDir, 'documents');
    fs.mkdirSync(dir, { recursive: true });
    const sealed: Record<string, Buffer> = {};
    for (const d of docs) {
      const [row] = await db.query<{ content: Uint8Array }>('SELECT content FROM documents WHERE public_id = $1', [d.id]);
      sealed[d.id] = Buffer.from(row!.content);
      await db.query('UPDATE documents SET content = NULL, storage_path = $2 WHERE public_id = $1', [d.id, `${d.id}.lcdoc`]);
    }
    fs.writeFileSync(path.join(dir, `${good.id}.lcdoc`), sealed[good.id]!);
    const flipped = Buffer.from(sealed[tampered.id]!);
    flipped[20]! ^= 1;
    fs.writeFileSync(path.join(dir, `${tampered.id}.lcdoc`), flipped);

    // Before the step, a row from before is still read from its file.
    const reviewer = new Client(h.base);
    await reviewer.loginStaff('reviewer');
    const read = async (id: string) => {
      const res = await fetch(`${h.base}/api/v1/staff/cases/${ref}/documents/${id}`, { headers: { cookie: reviewer.cookie } });
      return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
    };
    expect((await read(good.id)).bytes.equals(png)).toBe(true);

    const log = createLogger('silent');
    expect(await moveDocumentsIntoDatabase(db, h.runtime.ctx.vault, h.runtime.ctx.config.dataDir, log)).toEqual({ moved: 1, missing: 1, refused: 1 });
    const rows = await db.query<{ public_id: string; content: Uint8Array | null; storage_path: string | null; sha256: string }>(
      'SELECT public_id, content, storage_path, sha256 FROM documents WHERE case_id = (SELECT id FROM cases WHERE reference = $1) ORDER BY id', [ref],
    );
    const byId = Object.fromEntries(rows.map((r) => [r.public_id, r]));
    // The very bytes of the file (same iv, ciphertext and tag), the SHA-256 of the upload kept, the file name forgotten.
    expect(Buffer.from(byId[good.id]!.content!).equals(sealed[good.id]!)).toBe(true);
    expect(byId[good.id]!.storage_path).toBeNull();
    expect(byId[good.id]!.sha256).toBe(crypto.createHash('sha256').update(png).digest('hex'));
    expect(byId[tampered.id]!.content).toBeNull();
    expect(byId[lost.id]!.content).toBeNull();
    // The files stay where they were; nothing reads the moved one any more.
    expect(fs.existsSync(path.join(dir, `${good.id}.lcdoc`))).toBe(true);
    fs.rmSync(path.join(dir, `${good.id}.lcdoc`));
    expect((await read(good.id)).bytes.equals(png)).toBe(true);
    expect((await read(tampered.id)).status).toBe(500);

    // Once is enough: a second start finds nothing new to move.
    expect(await moveDocumentsIntoDatabase(db, h.runtime.ctx.vault, h.runtime.ctx.config.dataDir, log)).toEqual({ moved: 0, missing: 1, refused: 1 });
    // The right file put in place later (a restore from the other server's disk) is moved at the next start.
    fs.writeFileSync(path.join(dir, `${lost.id}.lcdoc`), sealed[lost.id]!);
    expect(await moveDocumentsIntoDatabase(db, h.runtime.ctx.vault, h.runtime.ctx.config.dataDir, log)).toEqual({ moved: 1, missing: 0, refused: 1 });
    expect((await read(lost.id)).bytes.equals(jpeg)).toBe(true);

    // The column refuses plain bytes (a sealed document is 28 bytes longer) and a row with neither bytes nor file.
    await expect(db.query('UPDATE documents SET content = $2, storage_path = NULL WHERE public_id = $1', [tampered.id, pdf])).rejects.toThrow(/documents_content_sealed/);
    await expect(db.query('UPDATE documents SET storage_path = NULL WHERE public_id = $1', [tampered.id])).rejects.toThrow(/documents_content_somewhere/);
  });
});
