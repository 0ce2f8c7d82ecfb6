-- The disconnected-number query reads every line a number ever had; the only index on msisdn is
-- partial (live lines), so it scanned the table.
CREATE INDEX lines_msisdn_all ON lines (msisdn);
-- min(created_at): the first day of our records, asked by every such query.
CREATE INDEX lines_created_at ON lines (created_at);

-- Every partner request, kept as an access log beside the audit chain: a bank may ask thousands
-- of times a minute, and each question appended to the chain would queue behind its one head row
-- with every case change. Changes partners make (hooks, orders) still go into the chain.
CREATE TABLE partner_requests (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  partner_id  bigint NOT NULL REFERENCES partners (id),
  key_id      text NOT NULL,
  at          timestamptz NOT NULL,
  method      text NOT NULL,
  route       text NOT NULL,
  path        text NOT NULL,
  allowed     boolean NOT NULL
);
CREATE INDEX partner_requests_partner ON partner_requests (partner_id, at);
