-- Cancellation by SMS keyword: the code a line's holder gets after texting 注销 / CANCEL / STAC,
-- to be sent back as "确认 CODE" / "YES CODE". One per line at a time (a new request replaces
-- the old code), kept only as an HMAC, valid 30 days, burnt after too many wrong answers.
-- `listed` holds the advisory pre-check items the text named: confirming acknowledges those.
CREATE TABLE sms_cancellation_codes (
  line_id        bigint PRIMARY KEY REFERENCES lines (id),
  code_hash      text NOT NULL,
  listed         jsonb NOT NULL,
  attempts       integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  max_attempts   integer NOT NULL CHECK (max_attempts > 0),
  issued_at      timestamptz NOT NULL,
  expires_at     timestamptz NOT NULL,
  CHECK (expires_at > issued_at)
);
