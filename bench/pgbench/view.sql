-- GET /api/v1/cancellations/{reference} as pgbench runs it: the statement lastcall sends for the
-- owner's view of a case (src/app/cases/customer-case-view.ts, src/store/customer-case.ts): the
-- bearer token (unexpired) and the case with its history, messages and documents as one JSON value,
-- no transaction, on a random case of this run (serials 1..ncases of :year, every one exists).
-- lastcall sends several reads that arrive together as one statement (store/coalesce.ts); pgbench
-- sends one read a statement, the most the database has to do per read. Each read offers the
-- fingerprint and snapshot of the case as lastcall holds it after reading it once (prepare-view.sql
-- keeps them in pgbench_known): a poll while nothing changed, where the case is not looked at.
-- Run with -M prepared: lastcall sends it as a named (prepared) statement.
\set c random(1, :ncases)
SELECT t.subscriber_id AS token_subscriber, k.quiet, pg_current_snapshot()::text AS snapshot, r.fp, r.c
  FROM unnest(ARRAY['pgbench-case-' || :c::text], ARRAY[now()], ARRAY[bench_reference(:year, :c)], ARRAY[(SELECT fp FROM pgbench_known WHERE c = :c)],
              ARRAY[(SELECT snap FROM pgbench_known WHERE c = :c)]) WITH ORDINALITY AS q(token_hash, at, reference, known, known_snapshot, n)
  LEFT JOIN customer_tokens t ON t.token_hash = q.token_hash AND t.expires_at > q.at
 CROSS JOIN LATERAL (SELECT NOT (q.known_snapshot::pg_snapshot IS NULL
        OR coalesce((SELECT ch.xid FROM case_changes ch ORDER BY ch.xid DESC LIMIT 1) >= pg_snapshot_xmax(q.known_snapshot::pg_snapshot), false)
        OR EXISTS (SELECT 1 FROM pg_snapshot_xip(q.known_snapshot::pg_snapshot) x(xid) WHERE EXISTS (SELECT 1 FROM case_changes ch WHERE ch.xid = x.xid))
        OR coalesce((SELECT ch.xid FROM case_record_changes ch ORDER BY ch.xid DESC LIMIT 1) >= pg_snapshot_xmax(q.known_snapshot::pg_snapshot), false)
        OR EXISTS (SELECT 1 FROM pg_snapshot_xip(q.known_snapshot::pg_snapshot) x(xid) WHERE EXISTS (SELECT 1 FROM case_record_changes ch WHERE ch.xid = x.xid))) AS quiet) k
  LEFT JOIN LATERAL (
    SELECT f.fp, CASE WHEN f.fp IS DISTINCT FROM q.known THEN json_build_object(
             'reference', c.reference, 'state', c.state, 'channel', c.channel, 'region', c.region, 'submitted_at', floor(extract(epoch FROM c.submitted_at) * 1000)::float8,
             'received_on', c.received_on, 'due_on', c.due_on, 'due_provisional', c.due_provisional, 'sla_paused_days', c.sla_paused_days,
             'paused_since', c.paused_since, 'receipt_sha256', c.receipt_sha256, 'refund', c.refund, 'msisdn', l.msisdn,
             'events', (SELECT coalesce(json_agg(json_build_object('seq', e.seq, 'type', e.type, 'from_state', e.from_state, 'to_state', e.to_state,
                                                                   'actor', e.actor, 'data', e.data, 'at', floor(extract(epoch FROM e.at) * 1000)::float8) ORDER BY e.seq), '[]')
                          FROM case_events e WHERE e.case_id = c.id AND e.type <> ALL('{note,network_error,sla_started,sla_paused,sla_resumed,sla_warned,sla_breached,duplicate_flagged,call_logged,mail_received}'::text[])),
             'communications', (SELECT coalesce(json_agg(json_build_object('channel', m.channel, 'direction', m.direction, 'template', m.template,
                                                                           'subject', m.subject, 'body', m.body, 'status', m.status,
                                                                           'created_at', floor(extract(epoch FROM m.created_at) * 1000)::float8, 'sent_at', floor(extract(epoch FROM m.sent_at) * 1000)::float8) ORDER BY m.id), '[]')
                                  FROM communications m WHERE m.case_id = c.id AND m.channel <> ALL('{phone}'::text[])),
             'documents', (SELECT coalesce(json_agg(json_build_object('public_id', d.public_id, 'kind', d.kind, 'file_name', d.file_name,
                                                                      'content_type', d.content_type, 'size_bytes', d.size_bytes, 'sha256', d.sha256,
                                                                      'uploaded_at', floor(extract(epoch FROM d.uploaded_at) * 1000)::float8) ORDER BY d.id), '[]')
                             FROM documents d WHERE d.case_id = c.id)) END AS c
      FROM cases c JOIN lines l ON l.id = c.line_id
      CROSS JOIN LATERAL (SELECT c.xmin::text
        || '|' || (SELECT coalesce(string_agg(e.xmin::text, ',' ORDER BY e.seq), '') FROM case_events e WHERE e.case_id = c.id)
        || '|' || (SELECT coalesce(string_agg(m.xmin::text, ',' ORDER BY m.id), '') FROM communications m WHERE m.case_id = c.id)
        || '|' || (SELECT coalesce(string_agg(d.xmin::text, ',' ORDER BY d.id), '') FROM documents d WHERE d.case_id = c.id) AS fp) f
     WHERE NOT k.quiet AND c.reference = q.reference AND c.subscriber_id = t.subscriber_id
     OFFSET 0
  ) r ON true
 ORDER BY q.n;
