-- Which transactions changed cases (issue 16): the review queue keeps its last page per filter
-- with the snapshot it was read in, and a later read re-uses it only if no transaction that
-- snapshot did not see has changed a case since (src/store/case-queue.ts). A statement trigger,
-- so any writer is seen — a use case, the sweeper, a bulk batch, a DBA at psql — and the row
-- belongs to the writer's transaction: visible exactly when its changes are, gone with them on
-- rollback. One row per transaction (the key), however many statements it runs; plain inserts,
-- so writers never wait for each other here. The sweeps delete rows every cached page has seen.
CREATE TABLE case_changes (
  xid  xid8 PRIMARY KEY
);

CREATE FUNCTION note_case_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_changes (xid) VALUES (pg_current_xact_id()) ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE TRIGGER cases_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON cases
  FOR EACH STATEMENT EXECUTE FUNCTION note_case_change();
