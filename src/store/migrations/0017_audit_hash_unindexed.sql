-- The audit chain's hash needs no index of its own (issue 16, bulk termination). Nothing looks a
-- row up by its hash (reads go by seq or by subject), and a hash cannot repeat: it is the
-- SHA-256 of, among the rest, the row's seq, which the primary key already keeps unique. The
-- UNIQUE index cost every audit append an insert at a random place of an index as large as the
-- table's text (a million-line bulk run writes millions of rows), and a full page image in the
-- WAL for most of them; it bought nothing that verification does not check better.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_hash_key;
