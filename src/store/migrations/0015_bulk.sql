-- Bulk termination (CONTRACT §10, `lastcall terminate`). One row per run, found again by what
-- was asked (the file's SHA-256, the reason and the two supervisors), so a run killed half way
-- and started again on the same file continues where its last committed batch ended.
CREATE TABLE bulk_runs (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  file_sha256   text NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
  reason        text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  requested_by  text NOT NULL,
  approved_by   text NOT NULL CHECK (approved_by <> requested_by),
  total_lines   integer NOT NULL CHECK (total_lines > 0),
  -- The data rows 1..done_through have their outcome committed, in the same transaction as
  -- the cases they made: the cursor and the work can never disagree.
  done_through  integer NOT NULL DEFAULT 0 CHECK (done_through BETWEEN 0 AND total_lines),
  done          integer NOT NULL DEFAULT 0,
  failed        integer NOT NULL DEFAULT 0,
  -- {"unknown": n, "ended": n, "open_case": n, "duplicate": n}
  skipped       jsonb NOT NULL DEFAULT '{}',
  started_at    timestamptz NOT NULL,
  finished_at   timestamptz,
  UNIQUE (file_sha256, reason, requested_by, approved_by)
);

-- The rows that did not become a case, and why (a done row is its case: see the case's events).
CREATE TABLE bulk_run_lines (
  run_id   bigint NOT NULL REFERENCES bulk_runs (id),
  row_no   integer NOT NULL,
  line     integer NOT NULL,
  msisdn   text NOT NULL,
  outcome  text NOT NULL CHECK (outcome IN ('skipped', 'failed')),
  reason   text NOT NULL,
  detail   text NOT NULL,
  PRIMARY KEY (run_id, row_no)
);
