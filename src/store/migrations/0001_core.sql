-- lastcall core schema: subscribers, lines, bindings, cases and their evidence, the outbox.
-- Personal fields (names, ID numbers, e-mails) live in their own columns so they can be
-- encrypted at rest without a redesign.

CREATE TABLE subscribers (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  legal_name  text NOT NULL,
  id_type     text NOT NULL CHECK (id_type IN ('cn_resident_id', 'passport', 'other')),
  id_number   text NOT NULL,
  email       text NOT NULL,
  language    text NOT NULL CHECK (language IN ('zh-CN', 'en')),
  region      text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (id_type, id_number)
);

CREATE TABLE lines (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subscriber_id       bigint NOT NULL REFERENCES subscribers (id),
  msisdn              text NOT NULL CHECK (msisdn ~ '^\+[1-9][0-9]{6,14}$'),
  iccid               text NOT NULL CHECK (iccid ~ '^89[0-9]{17,18}$'),
  imsi                text NOT NULL CHECK (imsi ~ '^[0-9]{6,15}$'),
  sim_type            text NOT NULL CHECK (sim_type IN ('physical', 'esim')),
  plan                text NOT NULL CHECK (plan IN ('prepaid', 'postpaid')),
  balance_minor       bigint NOT NULL DEFAULT 0,
  currency            text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  contract_end        date,
  status              text NOT NULL CHECK (status IN ('active', 'suspended', 'pending_termination', 'terminated', 'released')),
  suspended_at        timestamptz,
  terminated_on       date,
  quarantine_ends_on  date,
  released_on         date,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  CHECK (status NOT IN ('terminated', 'released') OR terminated_on IS NOT NULL)
);
-- A released number can be given to someone else: only one live line per MSISDN/ICCID.
CREATE UNIQUE INDEX lines_live_msisdn ON lines (msisdn) WHERE status <> 'released';
CREATE UNIQUE INDEX lines_live_iccid ON lines (iccid) WHERE status <> 'released';
CREATE INDEX lines_subscriber ON lines (subscriber_id);

CREATE TABLE bindings (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  line_id     bigint NOT NULL REFERENCES lines (id),
  kind        text NOT NULL CHECK (kind IN ('bank', 'alipay', 'wechat', 'other')),
  state       text NOT NULL CHECK (state IN ('bound', 'unbound')),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (line_id, kind)
);

CREATE TABLE reference_counters (
  year  integer PRIMARY KEY,
  last  integer NOT NULL
);

CREATE TABLE cases (
  id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  reference             text NOT NULL UNIQUE CHECK (reference ~ '^LC-[0-9]{4}-[0-9]{7}-[0-9]$'),
  line_id               bigint NOT NULL REFERENCES lines (id),
  subscriber_id         bigint NOT NULL REFERENCES subscribers (id),
  region                text NOT NULL,
  language              text NOT NULL CHECK (language IN ('zh-CN', 'en')),
  channel               text NOT NULL CHECK (channel IN ('web', 'form', 'email', 'hotline', 'sms')),
  reason                text NOT NULL,
  state                 text NOT NULL CHECK (state IN ('submitted', 'in_review', 'awaiting_customer', 'approved', 'rejected', 'withdrawn', 'completed')),
  refund                jsonb,
  acknowledgements      jsonb NOT NULL DEFAULT '[]',
  submitted_at          timestamptz NOT NULL,
  received_on           date NOT NULL,
  due_on                date NOT NULL,
  due_provisional       boolean NOT NULL,
  due_calendar_version  text NOT NULL,
  sla_paused_days       integer NOT NULL DEFAULT 0 CHECK (sla_paused_days >= 0),
  paused_since          date,
  assignee              text,
  opened_by             text,
  decided_at            timestamptz,
  decided_by            text,
  decision_note         text,
  completed_at          timestamptz,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  CHECK ((state = 'awaiting_customer') = (paused_since IS NOT NULL))
);
-- A line has at most one open case (CONTRACT §3), enforced here as well as in code.
CREATE UNIQUE INDEX cases_one_open_per_line ON cases (line_id)
  WHERE state IN ('submitted', 'in_review', 'awaiting_customer', 'approved');
CREATE INDEX cases_state_due ON cases (state, due_on);
CREATE INDEX cases_subscriber ON cases (subscriber_id);

CREATE TABLE case_events (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id     bigint NOT NULL REFERENCES cases (id),
  seq         integer NOT NULL,
  type        text NOT NULL,
  from_state  text,
  to_state    text,
  actor       text NOT NULL,
  data        jsonb NOT NULL DEFAULT '{}',
  at          timestamptz NOT NULL DEFAULT now(),
  UNIQUE (case_id, seq)
);

CREATE TABLE communications (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id        bigint REFERENCES cases (id),
  subscriber_id  bigint REFERENCES subscribers (id),
  -- web: a reply typed in the portal; phone: a hotline call logged by an agent.
  channel        text NOT NULL CHECK (channel IN ('email', 'sms', 'web', 'phone')),
  direction      text NOT NULL CHECK (direction IN ('out', 'in')),
  template       text NOT NULL,
  language       text NOT NULL CHECK (language IN ('zh-CN', 'en')),
  recipient      text NOT NULL,
  subject        text NOT NULL,
  body           text NOT NULL,
  status         text NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'received')),
  message_id     text NOT NULL UNIQUE,
  attempts       integer NOT NULL DEFAULT 0,
  last_error     text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  sent_at        timestamptz
);
CREATE INDEX communications_case ON communications (case_id);

CREATE TABLE settlements (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id        bigint NOT NULL REFERENCES cases (id),
  line_id        bigint NOT NULL REFERENCES lines (id),
  kind           text NOT NULL CHECK (kind IN ('refund', 'final_bill', 'none')),
  amount_minor   bigint NOT NULL CHECK (amount_minor >= 0),
  currency       text NOT NULL,
  method         text,
  detail         jsonb NOT NULL DEFAULT '{}',
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (case_id)
);

-- Side effects leave only through this table, written in the transaction of the change.
CREATE TABLE outbox (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  topic         text NOT NULL,
  payload       jsonb NOT NULL,
  run_after     timestamptz NOT NULL DEFAULT now(),
  attempts      integer NOT NULL DEFAULT 0,
  max_attempts  integer NOT NULL DEFAULT 12,
  locked_until  timestamptz,
  -- The worker holding the job; its lease ends early when that worker's session is gone.
  locked_by     integer,
  last_error    text,
  done_at       timestamptz,
  dead_at       timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbox_pending ON outbox (run_after) WHERE done_at IS NULL AND dead_at IS NULL;

-- Messages "sent" while no SMTP/SMPP server is configured (CONTRACT §4, dev mailbox).
CREATE TABLE dev_mailbox (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  channel           text NOT NULL CHECK (channel IN ('email', 'sms')),
  recipient         text NOT NULL,
  subject           text NOT NULL,
  body              text NOT NULL,
  message_id        text,
  sent_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dev_mailbox_recipient ON dev_mailbox (recipient, id);

CREATE TABLE verifications (
  id             uuid PRIMARY KEY,
  subscriber_id  bigint REFERENCES subscribers (id),
  msisdn         text NOT NULL,
  channel        text NOT NULL CHECK (channel IN ('sms', 'email')),
  code_hash      text NOT NULL,
  attempts       integer NOT NULL DEFAULT 0,
  max_attempts   integer NOT NULL DEFAULT 5,
  expires_at     timestamptz NOT NULL,
  confirmed_at   timestamptz,
  client_address text,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX verifications_msisdn ON verifications (msisdn, created_at);

CREATE TABLE customer_tokens (
  token_hash       text PRIMARY KEY,
  subscriber_id    bigint NOT NULL REFERENCES subscribers (id),
  verification_id  uuid NOT NULL REFERENCES verifications (id),
  expires_at       timestamptz NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE staff_users (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username       text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9._-]{2,64}$'),
  role           text NOT NULL CHECK (role IN ('agent', 'reviewer', 'supervisor', 'auditor', 'admin')),
  password_hash  text NOT NULL,
  demo           boolean NOT NULL DEFAULT false,
  disabled_at    timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE staff_sessions (
  token_hash    text PRIMARY KEY,
  staff_id      bigint NOT NULL REFERENCES staff_users (id),
  csrf_token    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL
);

CREATE TABLE idempotency_keys (
  scope         text NOT NULL,
  key           text NOT NULL,
  request_hash  text NOT NULL,
  status        integer NOT NULL,
  body          jsonb NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);

-- Official working-day calendars, loaded from data files; an operator loads next year's.
CREATE TABLE calendar_years (
  region     text NOT NULL,
  year       integer NOT NULL,
  version    text NOT NULL,
  data       jsonb NOT NULL,
  loaded_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (region, year)
);
