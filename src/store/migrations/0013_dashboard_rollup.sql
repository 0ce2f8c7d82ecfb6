-- The supervisor dashboard from a rollup instead of a read of every case (issue 16). Three
-- tables count cases alike in everything a figure reads; statement triggers on cases keep them
-- in step in the same transaction as every change, whoever writes the case (a use case, the
-- sweeper, a bulk run's batch insert: one set-based insert per statement, not per row). They
-- only ever INSERT counts (+n, −n): no row is shared, so writers never wait for each other on
-- the rollup (an upsert would make every application queue on today's row). The sweeps fold
-- the rows into one per key now and then (dashboard_rollup_compact); the reader sums per key.
-- States are kept as they are and chosen by the reader (= ANY($n)), so no closed set is here.
-- Times are kept in 15-minute slots: every zone's offset is a multiple of 15 minutes, so the
-- reader finds the exact local day of each slot in each region's own time zone.

-- Cases by what the open figures read: state, receipt day (ageing), due day and breach flag.
CREATE TABLE dashboard_open (
  region       text NOT NULL,
  state        text NOT NULL,
  received_on  date NOT NULL,
  due_on       date NOT NULL,
  breached     boolean NOT NULL,
  cases        integer NOT NULL
);

-- Decided cases (decided_at set) by what compliance reads.
CREATE TABLE dashboard_decided (
  decided_slot  timestamptz NOT NULL,
  region        text NOT NULL,
  channel       text NOT NULL,
  state         text NOT NULL,
  due_on        date NOT NULL,
  breached      boolean NOT NULL,
  -- Every reason the clock was paused for, sorted; empty when it never was.
  reasons       text[] NOT NULL,
  cases         integer NOT NULL
);
CREATE INDEX dashboard_decided_slot ON dashboard_decided (decided_slot);

-- Applications by when they were submitted.
CREATE TABLE dashboard_intake (
  submitted_slot  timestamptz NOT NULL,
  region          text NOT NULL,
  channel         text NOT NULL,
  cases           integer NOT NULL
);
CREATE INDEX dashboard_intake_slot ON dashboard_intake (submitted_slot);

CREATE FUNCTION dashboard_slot(t timestamptz) RETURNS timestamptz LANGUAGE sql IMMUTABLE AS $$
  SELECT date_bin('15 minutes', t, timestamptz '2000-01-01 00:00:00+00')
$$;

-- The pause reasons a case's history gives (those of its sla_paused events, 'other' without one,
-- and 'other' for information requests older than sla_paused events, which carry no reason),
-- kept on the case by a trigger on case_events, so that the rollup reads them from the row.
ALTER TABLE cases ADD COLUMN sla_pause_reasons text[] NOT NULL DEFAULT '{}';

CREATE FUNCTION dashboard_event_reasons(case_id bigint) RETURNS text[] LANGUAGE sql STABLE AS $$
  SELECT coalesce(array_agg(DISTINCT r ORDER BY r), '{}')
    FROM (SELECT coalesce(e.data->>'reason', 'other') AS r FROM case_events e WHERE e.case_id = $1 AND e.type = 'sla_paused'
          UNION ALL SELECT 'other'
                     FROM case_events e WHERE e.case_id = $1 AND e.type IN ('sla_paused', 'request_info')
                   HAVING count(*) FILTER (WHERE e.type = 'request_info') > count(*) FILTER (WHERE e.type = 'sla_paused')) x
$$;

-- Every reason a case counts under: its history's and the pause running now.
CREATE FUNCTION dashboard_reasons(history text[], running text) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(array_agg(DISTINCT r ORDER BY r), '{}') FROM unnest(history || running) r WHERE r IS NOT NULL
$$;

UPDATE cases SET sla_pause_reasons = dashboard_event_reasons(id)
 WHERE id IN (SELECT case_id FROM case_events WHERE type IN ('sla_paused', 'request_info'));

CREATE FUNCTION dashboard_case_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE cases c SET sla_pause_reasons = x.reasons
    FROM (SELECT n.case_id, dashboard_event_reasons(n.case_id) AS reasons
            FROM (SELECT DISTINCT case_id FROM new_events WHERE type IN ('sla_paused', 'request_info')) n) x
   WHERE c.id = x.case_id AND c.sla_pause_reasons IS DISTINCT FROM x.reasons;
  RETURN NULL;
END $$;

CREATE TRIGGER dashboard_case_events AFTER INSERT ON case_events REFERENCING NEW TABLE AS new_events
  FOR EACH STATEMENT EXECUTE FUNCTION dashboard_case_events();

-- Takes the rows `gone` out of the counts and puts the rows `came` in, as new rows of counts;
-- a change that moves no count (an assignee, a note) writes nothing.
CREATE FUNCTION dashboard_rollup_apply(gone cases[], came cases[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO dashboard_open (region, state, received_on, due_on, breached, cases)
  SELECT region, state, received_on, due_on, breached, sum(sign)
    FROM (SELECT g.region, g.state, g.received_on, g.due_on, g.sla_breached_at IS NOT NULL AS breached, -1 AS sign FROM unnest(gone) g
          UNION ALL
          SELECT n.region, n.state, n.received_on, n.due_on, n.sla_breached_at IS NOT NULL, 1 FROM unnest(came) n) d
   GROUP BY 1, 2, 3, 4, 5 HAVING sum(sign) <> 0;

  INSERT INTO dashboard_intake (submitted_slot, region, channel, cases)
  SELECT slot, region, channel, sum(sign)
    FROM (SELECT dashboard_slot(g.submitted_at) AS slot, g.region, g.channel, -1 AS sign FROM unnest(gone) g
          UNION ALL
          SELECT dashboard_slot(n.submitted_at), n.region, n.channel, 1 FROM unnest(came) n) d
   GROUP BY 1, 2, 3 HAVING sum(sign) <> 0;

  INSERT INTO dashboard_decided (decided_slot, region, channel, state, due_on, breached, reasons, cases)
  SELECT slot, region, channel, state, due_on, breached, reasons, sum(sign)
    FROM (SELECT dashboard_slot(g.decided_at) AS slot, g.region, g.channel, g.state, g.due_on, g.sla_breached_at IS NOT NULL AS breached,
                 dashboard_reasons(g.sla_pause_reasons, g.pause_reason) AS reasons, -1 AS sign
            FROM unnest(gone) g WHERE g.decided_at IS NOT NULL
          UNION ALL
          SELECT dashboard_slot(n.decided_at), n.region, n.channel, n.state, n.due_on, n.sla_breached_at IS NOT NULL,
                 dashboard_reasons(n.sla_pause_reasons, n.pause_reason), 1
            FROM unnest(came) n WHERE n.decided_at IS NOT NULL) d
   GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(sign) <> 0;
$$;

-- Folds each table's rows into one per key (none where the sum is 0), in one statement per
-- table: rows added meanwhile by other transactions are not in its snapshot and stay as they are.
CREATE FUNCTION dashboard_rollup_compact() RETURNS void LANGUAGE sql AS $$
  WITH gone AS (DELETE FROM dashboard_open RETURNING *)
  INSERT INTO dashboard_open (region, state, received_on, due_on, breached, cases)
  SELECT region, state, received_on, due_on, breached, sum(cases) FROM gone GROUP BY 1, 2, 3, 4, 5 HAVING sum(cases) <> 0;
  WITH gone AS (DELETE FROM dashboard_intake RETURNING *)
  INSERT INTO dashboard_intake (submitted_slot, region, channel, cases)
  SELECT submitted_slot, region, channel, sum(cases) FROM gone GROUP BY 1, 2, 3 HAVING sum(cases) <> 0;
  WITH gone AS (DELETE FROM dashboard_decided RETURNING *)
  INSERT INTO dashboard_decided (decided_slot, region, channel, state, due_on, breached, reasons, cases)
  SELECT decided_slot, region, channel, state, due_on, breached, reasons, sum(cases) FROM gone GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(cases) <> 0;
$$;

CREATE FUNCTION dashboard_rollup_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM dashboard_rollup_apply('{}'::cases[], (SELECT array_agg(n::cases) FROM new_rows n));
  RETURN NULL;
END $$;

CREATE FUNCTION dashboard_rollup_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM dashboard_rollup_apply((SELECT array_agg(g::cases) FROM old_rows g), (SELECT array_agg(n::cases) FROM new_rows n));
  RETURN NULL;
END $$;

CREATE FUNCTION dashboard_rollup_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM dashboard_rollup_apply((SELECT array_agg(g::cases) FROM old_rows g), '{}'::cases[]);
  RETURN NULL;
END $$;

CREATE TRIGGER dashboard_rollup_insert AFTER INSERT ON cases REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION dashboard_rollup_inserted();
CREATE TRIGGER dashboard_rollup_update AFTER UPDATE ON cases REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION dashboard_rollup_updated();
CREATE TRIGGER dashboard_rollup_delete AFTER DELETE ON cases REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION dashboard_rollup_deleted();

-- The cases already there, counted by the same function.
SELECT dashboard_rollup_apply('{}'::cases[], coalesce((SELECT array_agg(c::cases) FROM cases c), '{}'::cases[]));
