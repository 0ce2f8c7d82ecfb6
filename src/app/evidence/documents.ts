import crypto from 'node:crypto';
import fs from 'node:fs/promises';
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
import { sha256Hex } from '../../domain/sha256.js';

/** A file as it came off the wire. */
export interface UploadedFile {
  fileName: string | undefined;
  bytes: Buffer;
}

/** A document checked and encrypted in memory, not yet recorded in the database. */
export interface StagedDocument {
  publicId: string;
  fileName: string;
  contentType: DocumentType;
  size: number;
  sha256: string;
  sealedKey: string;
  /** iv | ciphertext | tag, as the row's `content` keeps it. */
  sealed: Buffer;
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

/** Where documents lived before 0014 (read once at the upgrade, and for a row not yet moved in). */
export const legacyDocumentsDir = (dataDir: string) => `${dataDir}/documents`;

/** AES-256-GCM under a key of its own, the document id as additional data so one document's bytes cannot pass for another's. */
function sealDocument(publicId: string, bytes: Buffer): { key: Buffer; sealed: Buffer } {
  const key = crypto.randomBytes(32);
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(publicId));
  return { key, sealed: Buffer.concat([iv, cipher.update(bytes), cipher.final(), cipher.getAuthTag()]) };
}

/**
 * Opens sealed document bytes with the row's sealed key and checks them against the SHA-256
 * recorded at upload; throws on a wrong key, a changed byte or another document's bytes.
 */
export async function openSealedDocument(vault: Vault, row: { public_id: string; content_key: string; sha256: string }, sealed: Buffer): Promise<Buffer> {
  const key = Buffer.from(await vault.open(row.content_key), 'base64');
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  decipher.setAAD(Buffer.from(row.public_id));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  const bytes = Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]);
  if (sha256Hex(bytes) !== row.sha256) throw new Error(`document ${row.public_id} does not match its recorded SHA-256`);
  return bytes;
}

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
 * Checks and encrypts each file (see sealDocument). Nothing is written yet: the sealed bytes go
 * into the database with the row, in the change's transaction, so a change that rolls back
 * leaves nothing behind and every server reads what any server stored.
 */
export function stageDocuments(ctx: AppContext, files: UploadedFile[]): StagedDocument[] {
  const types = files.map(checkUpload);
  return files.map((file, i) => {
    const publicId = crypto.randomUUID();
    const { key, sealed } = sealDocument(publicId, file.bytes);
    return {
      publicId,
      fileName: cleanFileName(file.fileName),
      contentType: types[i]!,
      size: file.bytes.length,
      sha256: sha256Hex(file.bytes),
      sealedKey: ctx.vault.seal(key.toString('base64')),
      sealed,
    };
  });
}

/** Runs `fn` with the files checked and encrypted (a refused file throws before `fn` runs). */
export async function withStaged<T>(ctx: AppContext, files: UploadedFile[], fn: (staged: StagedDocument[]) => Promise<T>): Promise<T> {
  return fn(stageDocuments(ctx, files));
}

/** Records staged documents on a case, with one case event naming each by its SHA-256. */
export async function recordDocuments(ctx: AppContext, tx: Tx, caseId: number, kind: DocumentKind, staged: StagedDocument[], actor: Actor, now: Date) {
  for (const d of staged) {
    await insertDocument(tx, {
      publicId: d.publicId, caseId, kind, fileName: ctx.vault.seal(d.fileName), contentType: d.contentType, size: d.size,
      sha256: d.sha256, sealedKey: d.sealedKey, sealed: d.sealed, uploadedBy: actorLabel(actor), uploadedAt: now,
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
  // A row from before 0014 whose file was in another server's data dir at its upgrade: read it where it still is.
  const sealed = row.content ?? (await fs.readFile(`${legacyDocumentsDir(ctx.config.dataDir)}/${row.storage_path}`));
  const bytes = await openSealedDocument(ctx.vault, row, sealed);
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
