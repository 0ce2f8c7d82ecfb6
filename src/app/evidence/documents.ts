import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Actor, AppContext, Tx } from '../context.js';
import { actorLabel } from '../context.js';
import { inTransaction } from '../transaction.js';
import { appendAudit } from '../../store/audit.js';
import { conflict, invalid, notFound, tooLarge, unsupportedMedia } from '../../domain/errors.js';
import { cleanFileName, maxDocumentBytes, maxDocumentsPerCase, sniffDocumentType, type DocumentType } from '../../domain/documents.js';
import { findCase, findCaseId } from '../../store/cases.js';
import { countDocumentsOfCase, findDocumentOfCase, insertDocument, listDocumentsOfCase, type DocumentKind } from '../../store/documents.js';
import { isUndecided } from '../../domain/case-machine.js';
import type { Queryable } from '../../store/db.js';
import type { Vault } from '../../security/vault.js';
import { recordCaseEvent } from '../case-events.js';

/** A file as it came off the wire. */
export interface UploadedFile {
  fileName: string | undefined;
  bytes: Buffer;
}

/** A document checked, encrypted and written to disk, not yet recorded in the database. */
export interface StagedDocument {
  publicId: string;
  fileName: string;
  contentType: DocumentType;
  size: number;
  sha256: string;
  sealedKey: string;
  storagePath: string;
}

export type { DocumentKind };

export interface DocumentView {
  id: string;
  kind: DocumentKind;
  name: string;
  contentType: DocumentType;
  size: number;
  sha256: string;
  uploadedAt: string;
}

const documentsDir = (ctx: AppContext) => path.join(ctx.config.dataDir, 'documents');

/** Refuses what is not a PDF, JPEG or PNG by its bytes, or is empty or over 10 MB. */
export function checkUpload(file: UploadedFile): DocumentType {
  if (file.bytes.length === 0) throw invalid('empty_document', 'The file is empty.');
  if (file.bytes.length > maxDocumentBytes) {
    throw tooLarge('document_too_large', 'A document may be at most 10 MB.', { maxBytes: maxDocumentBytes });
  }
  const type = sniffDocumentType(file.bytes);
  if (!type) {
    throw unsupportedMedia('unsupported_document_type', 'Only PDF, JPEG and PNG files are accepted (checked by their content).', {
      accepted: ['application/pdf', 'image/jpeg', 'image/png'],
    });
  }
  return type;
}

/**
 * Checks and encrypts each file under a key of its own (AES-256-GCM, the document id as
 * additional data so a file cannot be swapped for another) and writes it into the data dir.
 * The database row comes later, in the change's transaction; `discardStaged` removes the
 * files if that transaction fails.
 */
export async function stageDocuments(ctx: AppContext, files: UploadedFile[]): Promise<StagedDocument[]> {
  const types = files.map(checkUpload);
  await fs.mkdir(documentsDir(ctx), { recursive: true, mode: 0o700 });
  const staged: StagedDocument[] = [];
  try {
    for (const [i, file] of files.entries()) {
      const publicId = crypto.randomUUID();
      const key = crypto.randomBytes(32);
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(publicId));
      const sealed = Buffer.concat([iv, cipher.update(file.bytes), cipher.final(), cipher.getAuthTag()]);
      const storagePath = `${publicId}.lcdoc`;
      await fs.writeFile(path.join(documentsDir(ctx), storagePath), sealed, { mode: 0o600, flag: 'wx' });
      staged.push({
        publicId,
        fileName: cleanFileName(file.fileName),
        contentType: types[i]!,
        size: file.bytes.length,
        sha256: crypto.createHash('sha256').update(file.bytes).digest('hex'),
        sealedKey: ctx.vault.seal(key.toString('base64')),
        storagePath,
      });
    }
  } catch (err) {
    await discardStaged(ctx, staged);
    throw err;
  }
  return staged;
}

export async function discardStaged(ctx: AppContext, staged: StagedDocument[]): Promise<void> {
  await Promise.all(staged.map((d) => fs.rm(path.join(documentsDir(ctx), d.storagePath), { force: true })));
}

/** Runs `fn` with the staged files and removes them again if it fails, so no file outlives a rolled-back change. */
export async function withStaged<T>(ctx: AppContext, files: UploadedFile[], fn: (staged: StagedDocument[]) => Promise<T>): Promise<T> {
  const staged = await stageDocuments(ctx, files);
  try {
    return await fn(staged);
  } catch (err) {
    await discardStaged(ctx, staged);
    throw err;
  }
}

/** Records staged documents on a case, with one case event naming each by its SHA-256. */
export async function recordDocuments(ctx: AppContext, tx: Tx, caseId: number, kind: DocumentKind, staged: StagedDocument[], actor: Actor, now: Date) {
  for (const d of staged) {
    await insertDocument(tx, {
      publicId: d.publicId, caseId, kind, fileName: ctx.vault.seal(d.fileName), contentType: d.contentType, size: d.size,
      sha256: d.sha256, sealedKey: d.sealedKey, storagePath: d.storagePath, uploadedBy: actorLabel(actor), uploadedAt: now,
    });
  }
  await recordCaseEvent(tx, caseId, {
    type: 'documents_added',
    actor: actorLabel(actor),
    at: now,
    data: { kind, documents: staged.map((d) => ({ id: d.publicId, contentType: d.contentType, size: d.size, sha256: d.sha256 })) },
  });
}

export async function listCaseDocuments(tx: Queryable, vault: Vault, caseId: number): Promise<DocumentView[]> {
  const rows = await listDocumentsOfCase(tx, caseId);
  return Promise.all(
    rows.map(async (r) => ({
      id: r.public_id,
      kind: r.kind,
      name: await vault.open(r.file_name),
      contentType: r.content_type,
      size: r.size_bytes,
      sha256: r.sha256,
      uploadedAt: r.uploaded_at.toISOString(),
    })),
  );
}

/** Decrypts a stored document and checks it still has the SHA-256 recorded at upload. */
export async function readDocument(ctx: AppContext, caseId: number, publicId: string): Promise<DocumentView & { bytes: Buffer }> {
  const row = await findDocumentOfCase(ctx.db, caseId, publicId);
  if (!row) throw notFound('document_not_found', 'No document with this id on this case.');
  const key = Buffer.from(await ctx.vault.open(row.content_key), 'base64');
  const sealed = await fs.readFile(path.join(documentsDir(ctx), row.storage_path));
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  decipher.setAAD(Buffer.from(row.public_id));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  const bytes = Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]);
  if (crypto.createHash('sha256').update(bytes).digest('hex') !== row.sha256) throw new Error(`document ${publicId} does not match its recorded SHA-256`);
  return {
    id: row.public_id, kind: row.kind, name: await ctx.vault.open(row.file_name), contentType: row.content_type,
    size: row.size_bytes, sha256: row.sha256, uploadedAt: row.uploaded_at.toISOString(), bytes,
  };
}

/** A customer adds documents to their own open case (an answer to an information request, or more pages of a form). */
export async function addCaseDocuments(ctx: AppContext, subscriberId: number, reference: string, files: UploadedFile[]) {
  if (files.length === 0) throw invalid('document_required', 'Attach at least one file in the "file" field.');
  return withStaged(ctx, files, (staged) =>
    inTransaction(ctx, async (tx) => {
      const c = await findCase(tx, reference, true);
      if (!c || c.subscriber_id !== subscriberId) throw notFound('case_not_found', 'No cancellation case with this reference was found for you.');
      if (!isUndecided(c.state)) {
        throw conflict('case_closed', `The case is ${c.state}; documents can be added only while it is open.`, { state: c.state });
      }
      const n = await countDocumentsOfCase(tx, c.id);
      if (n + staged.length > maxDocumentsPerCase) {
        throw conflict('too_many_documents', `A case holds at most ${maxDocumentsPerCase} documents.`, { max: maxDocumentsPerCase, present: n });
      }
      await recordDocuments(ctx, tx, c.id, 'supporting', staged, { kind: 'customer', subscriberId }, ctx.clock.now());
      return { documents: (await listCaseDocuments(tx, ctx.vault, c.id)).slice(-staged.length) };
    }),
  );
}

/** A staff member opens a document of a case; documents carry personal data, so the look is audited. */
export async function staffReadDocument(ctx: AppContext, reader: { user: string }, reference: string, publicId: string) {
  const caseId = await findCaseId(ctx.db, reference);
  if (caseId === undefined) throw notFound('case_not_found', 'No cancellation case with this reference.');
  const doc = await readDocument(ctx, caseId, publicId);
  await inTransaction(ctx, (tx) =>
    appendAudit(tx, ctx.clock.now(), { actor: `staff:${reader.user}`, action: 'document.read', subject: reference, data: { documentId: publicId, sha256: doc.sha256 } }),
  );
  return doc;
}
