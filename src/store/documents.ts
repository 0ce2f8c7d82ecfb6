import type { Queryable } from './db.js';
import type { DocumentType } from '../domain/documents.js';

export type DocumentKind = 'application_form' | 'supporting';

export interface DocumentRow {
  public_id: string;
  kind: DocumentKind;
  /** Sealed, like the content key. */
  file_name: string;
  content_type: DocumentType;
  size_bytes: number;
  sha256: string;
  content_key: string;
  storage_path: string;
  uploaded_at: Date;
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
  storagePath: string;
  uploadedBy: string;
  uploadedAt: Date;
}

const columns = 'public_id, kind, file_name, content_type, size_bytes, sha256, content_key, storage_path, uploaded_at';

export async function insertDocument(tx: Queryable, d: NewDocument): Promise<void> {
  await tx.query(
    `INSERT INTO documents (public_id, case_id, kind, file_name, content_type, size_bytes, sha256, content_key, storage_path, uploaded_by, uploaded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [d.publicId, d.caseId, d.kind, d.fileName, d.contentType, d.size, d.sha256, d.sealedKey, d.storagePath, d.uploadedBy, d.uploadedAt],
  );
}

/** A case's documents in the order they were added. */
export async function listDocumentsOfCase(tx: Queryable, caseId: number): Promise<DocumentRow[]> {
  return tx.query<DocumentRow>(`SELECT ${columns} FROM documents WHERE case_id = $1 ORDER BY id`, [caseId]);
}

export async function findDocumentOfCase(tx: Queryable, caseId: number, publicId: string): Promise<DocumentRow | undefined> {
  const [row] = await tx.query<DocumentRow>(`SELECT ${columns} FROM documents WHERE case_id = $1 AND public_id = $2`, [caseId, publicId]);
  return row;
}

export async function countDocumentsOfCase(tx: Queryable, caseId: number): Promise<number> {
  const [row] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM documents WHERE case_id = $1', [caseId]);
  return row!.n;
}
