-- lastcall trust schema: personal data sealed at rest, rate limits, staff lock-out, the audit chain.

-- Data keys (AES-256-GCM) wrapped under LASTCALL_SECRET_KEY. Every ciphertext names its key,
-- so a rotation adds a key and re-encrypts row by row while old rows stay readable.
CREATE TABLE data_keys (
  id          text PRIMARY KEY CHECK (id ~ '^[a-z0-9]{4,16}$'),
  purpose     text NOT NULL CHECK (purpose IN ('data', 'index')),
  wrapped     text NOT NULL,
  master_id   text NOT NULL,
  state       text NOT NULL CHECK (state IN ('active', 'retired')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  retired_at  timestamptz
);
CREATE UNIQUE INDEX data_keys_one_active ON data_keys (purpose) WHERE state = 'active';

-- Subscribers: legal_name, id_number, email and address hold ciphertext ('lc1.<key>.<data>');
-- identity and e-mail are found through keyed HMAC blind indexes.
ALTER TABLE subscribers DROP CONSTRAINT subscribers_id_type_id_number_key;
ALTER TABLE subscribers ADD COLUMN address text;
ALTER TABLE subscribers ADD COLUMN id_number_index text;
ALTER TABLE subscribers ADD COLUMN email_index text;
CREATE UNIQUE INDEX subscribers_identity ON subscribers (id_type, id_number_index);
CREATE INDEX subscribers_email ON subscribers (email_index);
-- NOT VALID: rows written before this migration are sealed by the application at start.
ALTER TABLE subscribers ADD CONSTRAINT subscribers_sealed CHECK (
  legal_name LIKE 'lc1.%' AND id_number LIKE 'lc1.%' AND email LIKE 'lc1.%'
  AND (address IS NULL OR address LIKE 'lc1.%')
  AND id_number_index IS NOT NULL AND email_index IS NOT NULL) NOT VALID;

ALTER TABLE communications ADD CONSTRAINT communications_sealed CHECK (recipient LIKE 'lc1.%') NOT VALID;

ALTER TABLE dev_mailbox ADD COLUMN recipient_index text;
ALTER TABLE dev_mailbox ADD CONSTRAINT dev_mailbox_sealed CHECK (recipient LIKE 'lc1.%' AND body LIKE 'lc1.%' AND recipient_index IS NOT NULL) NOT VALID;
DROP INDEX dev_mailbox_recipient;
CREATE INDEX dev_mailbox_recipient ON dev_mailbox (recipient_index, id);

-- Who asked for a code is kept only as the audit trail keeps it.
ALTER TABLE verifications DROP COLUMN client_address;

-- Fixed-window counters for rate limits and log-in lock-out; keys are HMACs, never raw values.
CREATE TABLE rate_limits (
  scope         text NOT NULL,
  key           text NOT NULL,
  window_start  timestamptz NOT NULL,
  hits          integer NOT NULL,
  PRIMARY KEY (scope, key, window_start)
);

-- The audit trail: every row holds the SHA-256 of the row before (prev_hash) and of itself.
-- data is canonical JSON kept as text, so the hashed bytes are exactly the stored ones.
CREATE TABLE audit_log (
  seq        bigint PRIMARY KEY CHECK (seq > 0),
  at         timestamptz NOT NULL,
  actor      text NOT NULL,
  action     text NOT NULL,
  subject    text,
  data       text NOT NULL,
  prev_hash  text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  hash       text NOT NULL UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$')
);
CREATE INDEX audit_log_subject ON audit_log (subject, seq);

-- The end of the chain. Appends lock this row, so the chain never forks; verification compares
-- it with the last row, so cutting rows off the end is noticed too.
CREATE TABLE audit_head (
  id    boolean PRIMARY KEY DEFAULT true CHECK (id),
  seq   bigint NOT NULL,
  hash  text NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (true, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
    USING ERRCODE = '42501', HINT = 'The audit trail is evidence: corrections are new rows, never edits.';
END
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
