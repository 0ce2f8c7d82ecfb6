-- Run after the write run, before the read run: a token row per case (keyed by its serial) so
-- the read script authenticates as the case's owner, as GET /cancellations/{ref} does.
INSERT INTO customer_tokens (token_hash, subscriber_id, verification_id, expires_at)
  SELECT 'pgbench-case-' || split_part(reference, '-', 3)::int, subscriber_id, (SELECT id FROM verifications LIMIT 1), now() + interval '1 hour'
  FROM cases;
ANALYZE;
-- The fingerprint and snapshot of each case as lastcall holds it after a first read (pgbench-view.ts
-- offers them).
CREATE TABLE pgbench_known (c int PRIMARY KEY, fp text NOT NULL, snap text NOT NULL);
INSERT INTO pgbench_known
  SELECT split_part(c.reference, '-', 3)::int, c.xmin::text
    || '|' || (SELECT coalesce(string_agg(e.xmin::text, ',' ORDER BY e.seq), '') FROM case_events e WHERE e.case_id = c.id)
    || '|' || (SELECT coalesce(string_agg(m.xmin::text, ',' ORDER BY m.id), '') FROM communications m WHERE m.case_id = c.id)
    || '|' || (SELECT coalesce(string_agg(d.xmin::text, ',' ORDER BY d.id), '') FROM documents d WHERE d.case_id = c.id),
    pg_current_snapshot()::text
  FROM cases c;
ANALYZE pgbench_known;
