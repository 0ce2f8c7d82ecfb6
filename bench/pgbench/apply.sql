-- POST /api/v1/cancellations as pgbench runs it: the statements lastcall sends for one
-- application with an Idempotency-Key, in the same order (src/http/auth.ts, src/app/apply.ts,
-- idempotency.ts, lines.ts, store/cases.ts, outgoing.ts, store/outbox.ts). Run with -M extended,
-- which like node-postgres sends every statement with bound parameters.
--
-- Which line: a line has at most one open case, so two applications on one line collide.
-- Each client walks its own lines (client c takes first + (c + clients*n) mod nlines on its n-th
-- transaction), so no two transactions share a line until the walk wraps; bench/run.ts seeds
-- more lines than a run can use. Should it wrap anyway, the earlier case is withdrawn first
-- (the \if below) instead of failing, and the run's JSON says the walk wrapped.
-- Variables from bench/run.ts: first, nlines, clients, year, n (=0), and the texts.
-- pgbench reads :name as a variable even inside quotes, hence 'apply:' || 'customer:'.
\set n :n + 1
\set line :first + (:client_id + :clients * :n) % :nlines

-- authenticateCustomer: the bearer token's row (outside the transaction, as in the app).
SELECT subscriber_id AS sid FROM customer_tokens WHERE token_hash = 'pgbench-line-' || :line::text AND expires_at > now() \gset
BEGIN;
-- once(): was this Idempotency-Key seen before?
SELECT request_hash, status, body FROM idempotency_keys WHERE scope = 'apply:' || 'customer:' || :sid::text AND key = 'pgbench-' || :client_id::text || '-' || :n::text;
-- inspectLine: the line, locked for the rest of the transaction, its holder and bindings.
SELECT id AS line_id, subscriber_id, msisdn, iccid, imsi, sim_type, plan, balance_minor::bigint AS balance_minor,
  currency, contract_end, status, suspended_at, terminated_on, quarantine_ends_on
  FROM lines WHERE msisdn = '+86137' || lpad(:line::text, 7, '0') || '0' AND status <> 'released' FOR UPDATE \gset
SELECT id, legal_name, id_type, id_number, email, address, language, region FROM subscribers WHERE id = :subscriber_id \gset
SELECT kind, state FROM bindings WHERE line_id = :line_id ORDER BY kind;
-- findOpenCaseForLine (the app answers 409 if there is one; see the note on lines above).
SELECT count(*) AS open_cases FROM cases WHERE line_id = :line_id AND state IN ('submitted', 'in_review', 'awaiting_customer', 'approved') \gset
\if :open_cases > 0
UPDATE cases SET state = 'withdrawn', updated_at = now() WHERE line_id = :line_id AND state IN ('submitted', 'in_review', 'awaiting_customer', 'approved');
\endif
-- nextSerial: the year's counter row; its lock is held until COMMIT, as in the app.
INSERT INTO reference_counters (year, last) VALUES (:year, 1)
  ON CONFLICT (year) DO UPDATE SET last = reference_counters.last + 1 RETURNING last \gset
-- insertCase (bench_reference adds the Damm check digit, like formatReference).
INSERT INTO cases (reference, line_id, subscriber_id, region, language, channel, reason, state, refund,
    acknowledgements, submitted_at, received_on, due_on, due_provisional, due_calendar_version, opened_by, receipt, receipt_sha256)
  VALUES (bench_reference(:year, :last), :line_id, :subscriber_id, :region, :language, 'web', :reason, 'submitted', :refund,
    :acks, now(), current_date, current_date + 9, false, :cal_version, NULL,
    jsonb_build_object('reason', :reason::text, 'acknowledgements', :acks::jsonb, 'refund', :refund::jsonb),
    encode(sha256(convert_to(:reason::text || :acks::text, 'UTF8')), 'hex')) RETURNING id AS case_id, reference AS ref \gset
-- appendEvent
INSERT INTO case_events (case_id, seq, type, from_state, to_state, actor, data, at)
  VALUES (:case_id, (SELECT coalesce(max(seq), 0) + 1 FROM case_events WHERE case_id = :case_id), 'submitted', NULL, 'submitted',
    'customer:' || :subscriber_id::text, :event_data, now());
-- appendAudit: one statement locks the head, chains the row and moves the head.
WITH head AS (SELECT seq, hash FROM audit_head WHERE id FOR UPDATE),
  next AS (SELECT head.seq + 1 AS seq, head.hash AS prev_hash,
    encode(sha256(convert_to(concat_ws(E'\n', head.hash, (head.seq + 1)::text, now()::text, 'customer', 'case.submitted', :ref::text, :event_data::text), 'UTF8')), 'hex') AS hash FROM head),
  appended AS (INSERT INTO audit_log (seq, at, actor, action, subject, data, prev_hash, hash)
    SELECT seq, now(), 'customer', 'case.submitted', :ref::text, :event_data::text, prev_hash, hash FROM next RETURNING seq, hash)
  UPDATE audit_head SET seq = appended.seq, hash = appended.hash FROM appended WHERE audit_head.id;
-- queueMessage: the confirmation e-mail as a communication, then its outbox job and NOTIFY.
INSERT INTO communications (case_id, subscriber_id, channel, direction, template, language, recipient, subject, body, status, message_id)
  VALUES (:case_id, :subscriber_id, 'email', 'out', 'application_received', :language, :email, :comm_subject::text || :ref::text, :comm_body,
    'pending', '<' || gen_random_uuid() || '@lastcall.invalid>') RETURNING id AS comm_id \gset
INSERT INTO outbox (topic, payload) VALUES ('deliver_communication', ('{"communicationId":' || :comm_id::text || '}')::jsonb);
SELECT pg_notify('lastcall_outbox', 'deliver_communication');
-- appendAudit for the queued message.
WITH head AS (SELECT seq, hash FROM audit_head WHERE id FOR UPDATE),
  next AS (SELECT head.seq + 1 AS seq, head.hash AS prev_hash,
    encode(sha256(convert_to(concat_ws(E'\n', head.hash, (head.seq + 1)::text, now()::text, 'customer', 'message.queued', :ref::text, :comm_body::text), 'UTF8')), 'hex') AS hash FROM head),
  appended AS (INSERT INTO audit_log (seq, at, actor, action, subject, data, prev_hash, hash)
    SELECT seq, now(), 'customer', 'message.queued', :ref::text, :comm_body::text, prev_hash, hash FROM next RETURNING seq, hash)
  UPDATE audit_head SET seq = appended.seq, hash = appended.hash FROM appended WHERE audit_head.id;
-- once(): remember the answer under the key.
INSERT INTO idempotency_keys (scope, key, request_hash, status, body)
  VALUES ('apply:' || 'customer:' || :sid::text, 'pgbench-' || :client_id::text || '-' || :n::text, md5(:ref::text) || md5(:case_id::text), 201,
    json_build_object('reference', :ref::text, 'state', 'submitted', 'receivedOn', current_date, 'dueOn', current_date + 9, 'dueProvisional', false)::jsonb);
COMMIT;
