-- Staff console: the SLA's marks, pause reasons, duplicate flags, hotline calls, staff notifications.

-- Why the clock is paused (set with paused_since, cleared with it). The reasons are the
-- ones a reviewer picks when asking the customer for something.
ALTER TABLE cases ADD COLUMN pause_reason text CHECK (pause_reason IS NULL OR pause_reason IN ('documents', 'identity', 'bindings', 'balance', 'other'));
UPDATE cases SET pause_reason = 'other' WHERE paused_since IS NOT NULL;
ALTER TABLE cases ADD CONSTRAINT cases_pause_reason CHECK ((paused_since IS NULL) = (pause_reason IS NULL));
-- When the sweeper first saw the case due within 2 working days, and when it first saw it
-- past its due day. Both are set once, at the time they were seen (never back-dated), and
-- never cleared: a breach stays on the case after the decision.
ALTER TABLE cases ADD COLUMN sla_warned_at timestamptz;
ALTER TABLE cases ADD COLUMN sla_breached_at timestamptz;
ALTER TABLE cases ADD COLUMN sla_breached_due_on date;
-- Other cases of the same subscriber opened through another channel close in time:
-- likely the same wish twice. [{reference, channel}]
ALTER TABLE cases ADD COLUMN duplicate_of jsonb NOT NULL DEFAULT '[]';
CREATE INDEX cases_open_due ON cases (due_on) WHERE state IN ('submitted', 'in_review', 'awaiting_customer');

-- A hotline call: popped up by the telephony system (incoming) or started by an agent
-- (looked up by number, or a callback). `facts` are what the caller confirmed in the
-- verification script; when the call ends it is also kept as a communication (channel phone).
CREATE TABLE calls (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  public_id         uuid NOT NULL UNIQUE,
  msisdn            text NOT NULL CHECK (msisdn ~ '^\+[1-9][0-9]{6,14}$'),
  direction         text NOT NULL CHECK (direction IN ('in', 'out')),
  state             text NOT NULL CHECK (state IN ('ringing', 'active', 'ended')),
  subscriber_id     bigint REFERENCES subscribers (id),
  line_id           bigint REFERENCES lines (id),
  case_id           bigint REFERENCES cases (id),
  callback_id       bigint REFERENCES callbacks (id),
  agent             text,
  facts             jsonb NOT NULL DEFAULT '[]',
  failed_checks     integer NOT NULL DEFAULT 0 CHECK (failed_checks >= 0),
  outcome           text CHECK (outcome IS NULL OR outcome IN ('case_opened', 'status_given', 'not_verified', 'callback_done', 'no_answer', 'other')),
  note              text CHECK (note IS NULL OR note LIKE 'lc1.%'),
  communication_id  bigint REFERENCES communications (id),
  received_at       timestamptz NOT NULL,
  answered_at       timestamptz,
  ended_at          timestamptz,
  CHECK ((state = 'ended') = (ended_at IS NOT NULL)),
  CHECK (state <> 'ended' OR outcome IS NOT NULL)
);
CREATE INDEX calls_live ON calls (received_at) WHERE state <> 'ended';
CREATE INDEX calls_case ON calls (case_id);

-- What staff are told in the console: the sweeper's warnings (to the assignee and the supervisors),
-- a case given to someone, a customer's answer (to the assignee).
CREATE TABLE staff_notifications (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username    text NOT NULL,
  case_id     bigint NOT NULL REFERENCES cases (id),
  kind        text NOT NULL CHECK (kind IN ('sla_due_soon', 'sla_overdue', 'case_lapsed', 'case_assigned', 'customer_replied')),
  created_at  timestamptz NOT NULL,
  read_at     timestamptz,
  UNIQUE (username, case_id, kind)
);
CREATE INDEX staff_notifications_unread ON staff_notifications (username, id) WHERE read_at IS NULL;
