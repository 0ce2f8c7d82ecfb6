-- A refund for a line being closed goes back to the original means of payment, to a bank account or
-- to another live line of the same holder. The bank account's holder name and number are personal
-- data: sealed by the vault (key rotation rewrites them with the other sealed columns); the case's
-- `refund` keeps only the bank's name and the masked number, which receipts and screens show.
ALTER TABLE cases ADD COLUMN refund_account text CHECK (refund_account IS NULL OR refund_account LIKE 'lc1.%');
-- Where the refund was settled to, masked ({bankName, accountMasked} or {msisdn}); null for the
-- original means of payment and for cases settled before there was a choice.
ALTER TABLE settlements ADD COLUMN destination jsonb;
