import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Database } from '../../store/db.js';
import type { Vault } from '../../security/vault.js';
import { listDocumentsOnDisk, storeDocumentContent } from '../../store/documents.js';
import { legacyDocumentsDir, openSealedDocument } from './documents.js';

export interface DocumentsMoved {
  /** Files read into their rows by this process. */
  moved: number;
  /** Rows whose file is not in this data dir (another server's, or lost); they stay readable from where they are. */
  missing: number;
  /** Files whose bytes did not open with their row's key or did not match its SHA-256; left as they are. */
  refused: number;
}

/**
 * The one-time step after migration 0014, at every start until nothing is left: each document
 * row still naming a file of the data dir gets that file's bytes, exactly as they were (the
 * same iv, ciphertext and tag under the same sealed key, so its SHA-256 and every evidence bundle
 * stay the same). The bytes are opened and checked against the recorded SHA-256 first; only a
 * file that passes is stored. Rows are written one at a time (`content IS NULL` guards two
 * processes starting at once), so a start killed half-way just continues at the next.
 *
 * The files are left where they are, not removed: deleting is the one step that cannot be
 * undone, and a backup of the database from before the upgrade still points at them. They are
 * encrypted under keys only the database holds, and nothing reads them any more; the log says
 * the folder may be deleted once a backup of the upgraded database exists.
 */
export async function moveDocumentsIntoDatabase(db: Database, vault: Vault, dataDir: string, log: Logger): Promise<DocumentsMoved> {
  const dir = legacyDocumentsDir(dataDir);
  const result: DocumentsMoved = { moved: 0, missing: 0, refused: 0 };
  let afterId = 0;
  for (;;) {
    const rows = await listDocumentsOnDisk(db, afterId, 100);
    if (rows.length === 0) break;
    for (const row of rows) {
      afterId = row.id;
      let sealed: Buffer;
      try {
        sealed = await fs.readFile(path.join(dir, path.basename(row.storage_path)));
      } catch {
        result.missing++;
        continue;
      }
      try {
        await openSealedDocument(vault, row, sealed);
      } catch (err) {
        result.refused++;
        log.error({ document: row.public_id, err: (err as Error).message }, 'a document file does not open or match its SHA-256; left in the data dir, not moved');
        continue;
      }
      if (await storeDocumentContent(db, row.id, sealed)) result.moved++;
    }
  }
  if (result.moved > 0) {
    log.warn({ ...result, folder: dir }, `moved ${result.moved} document(s) from ${dir} into the database; the files are no longer read and may be deleted once the database is backed up`);
  } else if (result.missing + result.refused > 0) {
    log.warn({ ...result, folder: dir }, 'documents from before 0014 are still outside the database: start lastcall once with the data dir that holds them');
  }
  return result;
}
