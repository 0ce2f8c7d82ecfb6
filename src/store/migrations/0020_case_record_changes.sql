-- Which transactions changed a case's events, messages or documents (issue 16), as case_changes
-- (0019) records those that changed cases: the customer's case view is held with the snapshot it
-- was read in, and a poll finding that no transaction the snapshot did not see has changed a case
-- or these since answers with it without reading the case again (src/store/customer-case.ts).
-- Kept apart from case_changes, which the review queue and the dashboard read: a message sent or
-- an event noted changes neither, and must not make them read again.
CREATE TABLE case_record_changes (
  xid  xid8 PRIMARY KEY
);

CREATE FUNCTION note_case_record_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_record_changes (xid) VALUES (pg_current_xact_id()) ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE TRIGGER case_events_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON case_events
  FOR EACH STATEMENT EXECUTE FUNCTION note_case_record_change();
CREATE TRIGGER communications_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON communications
  FOR EACH STATEMENT EXECUTE FUNCTION note_case_record_change();
CREATE TRIGGER documents_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON documents
  FOR EACH STATEMENT EXECUTE FUNCTION note_case_record_change();
