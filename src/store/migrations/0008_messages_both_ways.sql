-- Messages both ways: an SMS centre's id for each SMS (so its delivery receipt finds it), the
-- receipt's outcome (delivered, or failed with the centre's reason), and incoming texts.
ALTER TABLE communications DROP CONSTRAINT IF EXISTS communications_status_check;
ALTER TABLE communications ADD CONSTRAINT communications_status_check CHECK (status IN ('pending', 'sent', 'delivered', 'failed', 'received'));
ALTER TABLE communications ADD COLUMN provider_message_id text;
ALTER TABLE communications ADD COLUMN delivered_at timestamptz;
CREATE INDEX communications_provider_message ON communications (provider_message_id) WHERE provider_message_id IS NOT NULL;

-- Every delivery receipt as it came; one that overtakes the record of its send is applied then.
CREATE TABLE delivery_receipts (
  provider_message_id  text PRIMARY KEY,
  delivered            boolean NOT NULL,
  error                text,
  received_at          timestamptz NOT NULL
);

-- A one-time code sent by SMS keeps the centre's id, so an undeliverable SMS can fall back to e-mail.
ALTER TABLE verifications ADD COLUMN sms_provider_id text;
CREATE INDEX verifications_sms_provider ON verifications (sms_provider_id) WHERE sms_provider_id IS NOT NULL;
