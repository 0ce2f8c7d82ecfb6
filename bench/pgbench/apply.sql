-- POST /api/v1/cancellations as pgbench runs it: the statements lastcall sends for one
-- application with an Idempotency-Key, in the same order (src/http/auth.ts, src/app/apply.ts,
-- idempotency.ts, lines.ts, store/cases.ts, case-events.ts, partners/case-news.ts, outgoing.ts, and the
-- commit batches of store/db.ts, store/outbox.ts and store/audit.ts). Run with -M extended,
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
-- sameLineElsewhere: the subscriber's other recent applications on other channels (a duplicate hint).
SELECT id, reference, channel FROM cases
  WHERE subscriber_id = :subscriber_id AND id <> 0 AND channel <> 'web' AND submitted_at > now() - make_interval(days => 30) ORDER BY id;
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
-- recordCaseEvent(submitted): the event (its audit row waits for the commit, below) ...
INSERT INTO case_events (case_id, seq, type, from_state, to_state, actor, data, at)
  VALUES (:case_id, (SELECT coalesce(max(seq), 0) + 1 FROM case_events WHERE case_id = :case_id), 'submitted', NULL, 'submitted',
    'customer', :event_data, now())
  RETURNING seq, (SELECT reference FROM cases WHERE id = :case_id) AS reference;
-- ... and tellPartnersOfCase: the case as partners hear of it, then the hooks subscribed (none here).
SELECT l.msisdn, c.reference, c.state, c.submitted_at, c.due_on, c.decided_at, c.completed_at, l.status AS line_status,
    o.id AS order_id, o.partner_id AS order_partner_id, o.created_at AS order_created_at, o.external_id AS order_external_id, o.api_base AS order_api_base
  FROM cases c JOIN lines l ON l.id = c.line_id LEFT JOIN tmf_orders o ON o.case_id = c.id WHERE c.id = :case_id;
SELECT h.id, h.partner_id, CASE WHEN h.events ? 'case.submitted' THEN 'subscribed' ELSE 'binding' END AS cause
  FROM partner_hooks h JOIN partners p ON p.id = h.partner_id
  WHERE h.deleted_at IS NULL AND h.kind = 'webhook' AND p.status = 'active'
    AND (h.events ? 'case.submitted' OR (p.binding IS NOT NULL AND p.binding = ANY('{}'::text[])))
  ORDER BY h.id;
-- recordCaseEvent(sla_started): no partner hears of it.
INSERT INTO case_events (case_id, seq, type, from_state, to_state, actor, data, at)
  VALUES (:case_id, (SELECT coalesce(max(seq), 0) + 1 FROM case_events WHERE case_id = :case_id), 'sla_started', NULL, NULL,
    'system', :event_data, now())
  RETURNING seq, (SELECT reference FROM cases WHERE id = :case_id) AS reference;
-- queueMessage: the confirmation e-mail as a communication (its outbox job waits for the commit).
INSERT INTO communications (case_id, subscriber_id, channel, direction, template, language, recipient, subject, body, status, message_id)
  VALUES (:case_id, :subscriber_id, 'email', 'out', 'application_received', :language, :email, :comm_subject::text || :ref::text, :comm_body,
    'pending', '<' || gen_random_uuid() || '@lastcall.invalid>') RETURNING id AS comm_id, (SELECT reference FROM cases WHERE id = :case_id) AS reference \gset
-- once(): remember the answer under the key.
INSERT INTO idempotency_keys (scope, key, request_hash, status, body)
  VALUES ('apply:' || 'customer:' || :sid::text, 'pgbench-' || :client_id::text || '-' || :n::text, md5(:ref::text) || md5(:case_id::text), 201,
    json_build_object('reference', :ref::text, 'state', 'submitted', 'receivedOn', current_date, 'dueOn', current_date + 9, 'dueProvisional', false)::jsonb);
-- At commit (store/db.ts atCommit): the transaction's outbox jobs and their NOTIFY in one statement ...
WITH queued AS (
    INSERT INTO outbox (topic, payload, max_attempts)
    SELECT topic, payload::jsonb, max_attempts
      FROM unnest(ARRAY['deliver_communication'], ARRAY['{"communicationId":' || :comm_id::text || '}'], ARRAY[12]) WITH ORDINALITY AS j(topic, payload, max_attempts, n)
    ORDER BY n
    RETURNING topic)
  SELECT pg_notify('lastcall_outbox', topic) FROM (SELECT DISTINCT topic FROM queued) t;
-- ... then its three audit rows (case.submitted, case.sla_started, message.queued), chained in one
-- statement that locks the head only now.
WITH RECURSIVE head AS (SELECT seq, hash FROM audit_head WHERE id FOR UPDATE),
  input AS (
    SELECT * FROM unnest(ARRAY[now(), now(), now()], ARRAY[now()::text, now()::text, now()::text],
        ARRAY['customer', 'system', 'system'], ARRAY['case.submitted', 'case.sla_started', 'message.queued'],
        ARRAY[:ref::text, :ref::text, :ref::text], ARRAY[:event_data::text, :event_data::text, :comm_body::text])
      WITH ORDINALITY AS t(at, iso, actor, action, subject, data, n)),
  chain AS (
    SELECT 0::bigint AS n, head.seq, NULL::text AS prev_hash, head.hash FROM head
    UNION ALL
    SELECT i.n, c.seq + 1, c.hash,
      encode(sha256(convert_to(concat_ws(E'\n', c.hash, (c.seq + 1)::text, i.iso, i.actor, i.action, coalesce(i.subject, ''), i.data), 'UTF8')), 'hex')
    FROM chain c JOIN input i ON i.n = c.n + 1),
  appended AS (
    INSERT INTO audit_log (seq, at, actor, action, subject, data, prev_hash, hash)
    SELECT c.seq, i.at, i.actor, i.action, i.subject, i.data, c.prev_hash, c.hash FROM chain c JOIN input i ON i.n = c.n
    RETURNING seq, hash)
  UPDATE audit_head SET seq = last.seq, hash = last.hash
    FROM (SELECT seq, hash FROM appended ORDER BY seq DESC LIMIT 1) last
   WHERE audit_head.id RETURNING audit_head.seq;
COMMIT;
