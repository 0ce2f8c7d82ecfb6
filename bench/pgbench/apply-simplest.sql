-- The simplest submit, for scale beside apply.sql: the four rows an application leaves (the
-- case, its event, its e-mail, the e-mail's outbox job) in one transaction, and nothing else:
-- no token, no idempotency key, no pre-check reads, no gap-free reference counter (a sequence,
-- which never waits) and no audit chain. apply.sql minus this is what those cost.
-- Variables as for apply.sql; it walks the same lines, before apply.sql runs (bench/run.ts
-- withdraws these cases afterwards, so apply.sql starts clean).
\set n :n + 1
\set line :first + (:client_id + :clients * :n) % :nlines

BEGIN;
INSERT INTO cases (reference, line_id, subscriber_id, region, language, channel, reason, state, refund,
    acknowledgements, submitted_at, received_on, due_on, due_provisional, due_calendar_version, opened_by, receipt, receipt_sha256)
  SELECT bench_reference(:year, nextval('bench_simplest_serial')::int), l.id, l.subscriber_id, s.region, s.language, 'web', :reason, 'submitted', :refund,
    :acks, now(), current_date, current_date + 9, false, :cal_version, 'pgbench-simplest',
    jsonb_build_object('reason', :reason::text, 'acknowledgements', :acks::jsonb, 'refund', :refund::jsonb),
    encode(sha256(convert_to(:reason::text || :acks::text, 'UTF8')), 'hex')
  FROM lines l JOIN subscribers s ON s.id = l.subscriber_id WHERE l.msisdn = '+86137' || lpad(:line::text, 7, '0') || '0'
  RETURNING id AS case_id, reference AS ref, subscriber_id, language \gset
INSERT INTO case_events (case_id, seq, type, from_state, to_state, actor, data, at)
  VALUES (:case_id, 1, 'submitted', NULL, 'submitted', 'customer:' || :subscriber_id::text, :event_data, now());
INSERT INTO communications (case_id, subscriber_id, channel, direction, template, language, recipient, subject, body, status, message_id)
  VALUES (:case_id, :subscriber_id, 'email', 'out', 'application_received', :language, (SELECT email FROM subscribers WHERE id = :subscriber_id), :comm_subject::text || :ref::text, :comm_body,
    'pending', '<' || gen_random_uuid() || '@lastcall.invalid>') RETURNING id AS comm_id \gset
INSERT INTO outbox (topic, payload) VALUES ('deliver_communication', ('{"communicationId":' || :comm_id::text || '}')::jsonb);
COMMIT;
