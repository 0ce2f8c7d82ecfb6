-- After apply-simplest.sql: its cases withdrawn, so apply.sql's walk over the same lines starts clean.
UPDATE cases SET state = 'withdrawn', updated_at = now() WHERE opened_by = 'pgbench-simplest' AND state = 'submitted';
ANALYZE;
