-- The house issue: the contract's channels api and bulk, dead letters with their reason and a
-- supervisor's retry, and one dev-mailbox row per message id (so a resend is a no-op).

ALTER TABLE cases DROP CONSTRAINT IF EXISTS cases_channel_check;
ALTER TABLE cases ADD CONSTRAINT cases_channel_check CHECK (channel IN ('web', 'form', 'email', 'hotline', 'sms', 'api', 'bulk'));

-- Why a job was parked: malformed_payload (it can never run), permanent_error (the outside
-- system said no), attempts_exhausted (temporary errors until the last attempt).
ALTER TABLE outbox ADD COLUMN dead_reason text CHECK (dead_reason IN ('malformed_payload', 'permanent_error', 'attempts_exhausted'));
ALTER TABLE outbox ADD COLUMN retried_by text;
ALTER TABLE outbox ADD COLUMN retried_at timestamptz;
UPDATE outbox SET dead_reason = 'attempts_exhausted' WHERE dead_at IS NOT NULL;
CREATE INDEX outbox_dead ON outbox (dead_at DESC) WHERE dead_at IS NOT NULL;

DELETE FROM dev_mailbox a USING dev_mailbox b WHERE a.message_id = b.message_id AND a.id > b.id;
CREATE UNIQUE INDEX dev_mailbox_message_id ON dev_mailbox (message_id);
