-- Partners (CONTRACT §9): banks, payment apps, social networks and BSS that ask whether a number
-- was disconnected and are told by signed webhooks. A partner's API key is kept only as an HMAC,
-- found by its public id; a hook's signing secret is sealed by the vault (it must be read back
-- to sign). A delivery keeps the exact body it signs and its webhook-id, the same on every retry.
CREATE TABLE partners (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  kind           text NOT NULL CHECK (kind IN ('bank', 'payment', 'social', 'bss', 'other')),
  binding        text CHECK (binding IS NULL OR binding IN ('bank', 'alipay', 'wechat', 'other')),
  status         text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  key_id         text NOT NULL UNIQUE CHECK (key_id ~ '^[0-9a-f]{12}$'),
  key_hash       text NOT NULL,
  key_issued_at  timestamptz NOT NULL,
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL,
  disabled_at    timestamptz,
  CHECK ((status = 'disabled') = (disabled_at IS NOT NULL))
);
CREATE UNIQUE INDEX partners_name ON partners (lower(name));
CREATE INDEX partners_binding ON partners (binding) WHERE status = 'active' AND binding IS NOT NULL;

-- kind 'webhook': Standard Webhooks with {type, timestamp, data}; 'tmf_hub': a BSS's TM Forum
-- listener (POST …/hub), sent TMF events the same signed way.
CREATE TABLE partner_hooks (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  partner_id  bigint NOT NULL REFERENCES partners (id),
  kind        text NOT NULL DEFAULT 'webhook' CHECK (kind IN ('webhook', 'tmf_hub')),
  url         text NOT NULL CHECK (length(url) <= 2048),
  events      jsonb NOT NULL,
  secret      text NOT NULL,
  created_at  timestamptz NOT NULL,
  deleted_at  timestamptz
);
CREATE INDEX partner_hooks_live ON partner_hooks (partner_id) WHERE deleted_at IS NULL;

CREATE TABLE webhook_deliveries (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  hook_id          bigint NOT NULL REFERENCES partner_hooks (id),
  partner_id       bigint NOT NULL REFERENCES partners (id),
  webhook_id       text NOT NULL UNIQUE,
  event_type       text NOT NULL,
  -- why this hook got it: it subscribed, or its partner stands for a binding the line had
  cause            text NOT NULL CHECK (cause IN ('subscribed', 'binding', 'tmf')),
  body             text NOT NULL,
  created_at       timestamptz NOT NULL,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failing', 'dead')),
  attempts         integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_attempt_at  timestamptz,
  last_status      integer,
  last_error       text,
  delivered_at     timestamptz
);
CREATE INDEX webhook_deliveries_hook ON webhook_deliveries (hook_id, id DESC);
CREATE INDEX webhook_deliveries_partner ON webhook_deliveries (partner_id, id DESC);

-- TM Forum TMF622 product orders from a BSS: each is one case (channel api).
CREATE TABLE tmf_orders (
  id           text PRIMARY KEY CHECK (id ~ '^[0-9a-f-]{36}$'),
  partner_id   bigint NOT NULL REFERENCES partners (id),
  case_id      bigint NOT NULL UNIQUE REFERENCES cases (id),
  external_id  text CHECK (external_id IS NULL OR length(external_id) <= 200),
  -- the public URL the order was made under: its href, and those of the events about it
  api_base     text NOT NULL,
  created_at   timestamptz NOT NULL
);
CREATE INDEX tmf_orders_partner ON tmf_orders (partner_id);
