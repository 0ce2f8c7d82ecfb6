import type { Queryable } from './db.js';
import type { DocumentType } from '../domain/documents.js';

export type DocumentKind = 'application_form' | 'supporting';

/** A document's record, without its bytes (lists and views). */
export interface DocumentRow {
  public_id: string;
  kind: DocumentKind;
  /** Sealed, like the content key. */
  file_name: string;
  content_type: DocumentType;
  size_bytes: number;
  sha256: string;
  content_key: string;
  uploaded_at: Date;
}

/** A document with its sealed bytes; `content` is null only for a row from before 0014 whose file is still in a data dir. */
export interface DocumentWithContent extends DocumentRow {
  content: Buffer | null;
  storage_path: string | null;
}

export interface NewDocument {
  publicId: string;
  caseId: number;
  kind: DocumentKind;
  /** Sealed by the caller. */
  fileName: string;
  contentType: DocumentType;
  size: number;
  sha256: string;
  sealedKey: string;
  /** iv | ciphertext | tag, under the key sealed in `sealedKey`. */
  sealed: Buffer;
  uploadedBy: string;
  uploadedAt: Date;
}

const columns = 'public_id, kind, file_name, content_type, size_bytes, sha256, content_key, uploaded_at';

/** PGlite hands bytea back as a Uint8Array, pg as a Buffer. */
const asBuffer = (v: Uint8Array | null): Buffer | null => (v === null ? null : Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength));

export async function insertDocument(tx: Queryable, d: NewDocument): Promise<void> {
  await tx.query(
    `INSERT INTO documents (public_id, case_id, kind, file_name, content_type, size_bytes, sha256, content_key, content, uploaded_by, uploaded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [d.publicId, d.caseId, d.kind, d.fileName, d.contentType, d.size, d.sha256, d.sealedKey, d.sealed, d.uploadedBy, d.uploadedAt],
  );
}

/** A case's documents in the order they were added (without their bytes). */
export async function listDocumentsOfCase(tx: Queryable, caseId: number): Promise<DocumentRow[]> {
  return tx.query<DocumentRow>(`SELECT ${columns} FROM documents WHERE case_id = $1 ORDER BY id`, [caseId]);
}

/** One document of a case with its sealed bytes. */
export async function findDocumentOfCase(tx: Queryable, caseId: number, publicId: string): Promise<DocumentWithContent | undefined> {
  const [row] = await tx.query<DocumentWithContent & { content: Uint8Array | null }>(
    `SELECT ${columns}, content, storage_path FROM documents WHERE case_id = $1 AND public_id = $2`,
    [caseId, publicId],
  );
  return row && { ...row, content: asBuffer(row.content) };
}

export async function countDocumentsOfCase(tx: Queryable, caseId: number): Promise<number> {
  const [row] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM documents WHERE case_id = $1', [caseId]);
  return row!.n;
}

/** Rows from before 0014 whose bytes are still in a file of some data dir, after `afterId`, a batch at a time. */
export async function listDocumentsOnDisk(db: Queryable, afterId: number, limit: number): Promise<{ id: number; public_id: string; sha256: string; size_bytes: number; content_key: string; storage_path: string }[]> {
  return db.query(
    `SELECT id, public_id, sha256, size_bytes, content_key, storage_path FROM documents
      WHERE content IS NULL AND id > $1 ORDER BY id LIMIT ${limit}`,
    [afterId],
  );
}

/** Stores a file's sealed bytes in its row and forgets the file name; false when another process did it first. */
export async function storeDocumentContent(db: Queryable, id: number, sealed: Buffer): Promise<boolean> {
  const rows = await db.query('UPDATE documents SET content = $2, storage_path = NULL WHERE id = $1 AND content IS NULL RETURNING id', [id, sealed]);
  return rows.length === 1;
}
