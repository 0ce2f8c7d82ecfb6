-- Run after the write run, before the read run: a token row per case (keyed by its serial) so
-- the read script authenticates as the case's owner, as GET /cancellations/{ref} does.
INSERT INTO customer_tokens (token_hash, subscriber_id, verification_id, expires_at)
  SELECT 'pgbench-case-' || split_part(reference, '-', 3)::int, subscriber_id, (SELECT id FROM verifications LIMIT 1), now() + interval '1 hour'
  FROM cases;
ANALYZE;
