-- Uploaded documents move from the data dir into the database, so several servers share nothing
-- but PostgreSQL. `content` holds exactly what the file held: iv (12 bytes) | AES-256-GCM
-- ciphertext | tag (16 bytes), under the document's own key (sealed in content_key, the public id
-- as additional data). The length check refuses the plain bytes as surely as the 'lc1.%' checks
-- refuse plain text elsewhere: a sealed document is always 28 bytes longer than the original.
ALTER TABLE documents ADD COLUMN content bytea;
ALTER TABLE documents ADD CONSTRAINT documents_content_sealed CHECK (content IS NULL OR octet_length(content) = size_bytes + 28);

-- Rows from before keep their file name until the start after the upgrade reads the file in
-- (src/app/evidence/documents-upgrade.ts) and clears it; new rows never have one.
ALTER TABLE documents ALTER COLUMN storage_path DROP NOT NULL;
ALTER TABLE documents ADD CONSTRAINT documents_content_somewhere CHECK (content IS NOT NULL OR storage_path IS NOT NULL);

-- Ciphertext does not compress: keep TOAST from trying (out of line, uncompressed).
ALTER TABLE documents ALTER COLUMN content SET STORAGE EXTERNAL;

-- What the start after the upgrade still has to read in; empty ever after, so the check at each start is one index probe.
CREATE INDEX documents_on_disk ON documents (id) WHERE content IS NULL;
