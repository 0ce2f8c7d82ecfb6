-- Customer portal: uploaded documents, callback requests, and the receipt as submitted.

-- A document's bytes live encrypted in the data dir (AES-256-GCM under a key of its own); the
-- row keeps that key sealed by the vault, the file name sealed (it often carries a name), and
-- the SHA-256 of the plain bytes, which is what evidence and receipts quote.
CREATE TABLE documents (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  public_id     uuid NOT NULL UNIQUE,
  case_id       bigint NOT NULL REFERENCES cases (id),
  kind          text NOT NULL CHECK (kind IN ('application_form', 'supporting')),
  file_name     text NOT NULL CHECK (file_name LIKE 'lc1.%'),
  content_type  text NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
  size_bytes    integer NOT NULL CHECK (size_bytes > 0 AND size_bytes <= 10485760),
  sha256        text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  content_key   text NOT NULL CHECK (content_key LIKE 'lc1.%'),
  storage_path  text NOT NULL,
  uploaded_by   text NOT NULL,
  uploaded_at   timestamptz NOT NULL
);
CREATE INDEX documents_case ON documents (case_id, id);

-- Callback requests from the portal outside the hotline's hours; the hotline desk works them.
CREATE TABLE callbacks (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  public_id       uuid NOT NULL UNIQUE,
  subscriber_id   bigint NOT NULL REFERENCES subscribers (id),
  line_id         bigint NOT NULL REFERENCES lines (id),
  region          text NOT NULL,
  language        text NOT NULL CHECK (language IN ('zh-CN', 'en')),
  phone           text NOT NULL CHECK (phone LIKE 'lc1.%'),
  preferred_time  text,
  note            text CHECK (note IS NULL OR note LIKE 'lc1.%'),
  state           text NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'done', 'cancelled')),
  requested_at    timestamptz NOT NULL,
  handled_at      timestamptz,
  handled_by      text
);
CREATE INDEX callbacks_waiting ON callbacks (requested_at) WHERE state = 'waiting';
-- One waiting callback per line: asking twice updates nothing and answers with the first.
CREATE UNIQUE INDEX callbacks_one_waiting ON callbacks (line_id) WHERE state = 'waiting';

-- What the customer submitted, frozen at submission, and the SHA-256 of its canonical JSON:
-- the receipt PDF prints both, so the customer can prove what was submitted.
ALTER TABLE cases ADD COLUMN receipt jsonb;
ALTER TABLE cases ADD COLUMN receipt_sha256 text CHECK (receipt_sha256 IS NULL OR receipt_sha256 ~ '^[0-9a-f]{64}$');
