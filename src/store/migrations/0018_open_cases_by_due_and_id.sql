-- The review queue's default page (undecided cases by due day, then id: src/store/case-queue.ts)
-- can now be read in its own order and stop at its limit. On (due_on) alone, the tie-break on id
-- made PostgreSQL read and sort every undecided case to hand back fifty (0.57 ms of 0.73 in the
-- database over 300 undecided cases; 0.24 ms with this index). The predicate is the old index's,
-- which the queue's statement repeats literally, so the planner may use it whatever the parameters.
CREATE INDEX cases_open_due_id ON cases (due_on, id) WHERE state IN ('submitted', 'in_review', 'awaiting_customer');
DROP INDEX cases_open_due;
