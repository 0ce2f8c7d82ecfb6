-- Bulk termination (issue 16) writes a batch's case events beside the batch before it, before its
-- own cases exist (their ids are drawn from the sequence first), and only the cases, which need
-- the year's reference counter, in the part batches take in turn. For that one transaction the
-- events' foreign key is checked at commit (SET CONSTRAINTS … DEFERRED); every other writer still
-- has it checked at once, as before: DEFERRABLE INITIALLY IMMEDIATE changes nothing unless asked.
ALTER TABLE case_events ALTER CONSTRAINT case_events_case_id_fkey DEFERRABLE INITIALLY IMMEDIATE;
