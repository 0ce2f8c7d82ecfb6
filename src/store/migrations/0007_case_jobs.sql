-- The staff case page asks for an approved case's fulfilment job (waiting on the network).
CREATE INDEX outbox_by_case ON outbox (topic, (payload->>'caseId')) WHERE payload ? 'caseId';
