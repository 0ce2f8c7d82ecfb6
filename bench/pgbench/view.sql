-- GET /api/v1/cancellations/{reference} as pgbench runs it: the statements lastcall sends for
-- the owner's view of a case (src/http/auth.ts, src/app/case-view.ts, store/cases.ts, lines.ts),
-- on a random case of this run (serials 1..ncases of :year, every one exists). Run with -M extended.
\set c random(1, :ncases)

-- authenticateCustomer (outside the transaction, as in the app).
SELECT subscriber_id AS sid FROM customer_tokens WHERE token_hash = 'pgbench-case-' || :c::text AND expires_at > now() \gset
BEGIN;
SELECT * FROM cases WHERE reference = bench_reference(:year, :c) \gset
SELECT id, subscriber_id, msisdn, iccid, imsi, sim_type, plan, balance_minor::bigint AS balance_minor,
  currency, contract_end, status, suspended_at, terminated_on, quarantine_ends_on FROM lines WHERE id = :line_id;
SELECT seq, type, from_state, to_state, actor, data, at FROM case_events WHERE case_id = :id ORDER BY seq;
SELECT id, channel, direction, template, language, recipient, subject, body, status, created_at, sent_at
  FROM communications WHERE case_id = :id ORDER BY id;
SELECT id, legal_name, id_type, id_number, email, language, region FROM subscribers WHERE id = :subscriber_id;
COMMIT;
