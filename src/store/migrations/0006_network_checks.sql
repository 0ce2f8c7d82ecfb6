-- The nightly comparison of the lines with the network (no repairs): when it ran, against which
-- network, how many lines it compared, how many differed or could not be read, and the first
-- few differences so a supervisor sees what kind of drift it is without running it again.
CREATE TABLE network_checks (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  started_at   timestamptz NOT NULL,
  finished_at  timestamptz,
  provisioner  text NOT NULL,
  checked      integer NOT NULL DEFAULT 0 CHECK (checked >= 0),
  differences  integer NOT NULL DEFAULT 0 CHECK (differences >= 0),
  failed       integer NOT NULL DEFAULT 0 CHECK (failed >= 0),
  sample       jsonb NOT NULL DEFAULT '[]'::jsonb,
  CHECK (finished_at IS NULL OR finished_at >= started_at)
);
CREATE INDEX network_checks_started ON network_checks (started_at DESC);
CREATE INDEX network_checks_finished ON network_checks (finished_at DESC) WHERE finished_at IS NOT NULL;

-- Sync and reconcile ask, for each ended line, whether a newer or live line holds its IMSI.
CREATE INDEX lines_imsi ON lines (imsi);
