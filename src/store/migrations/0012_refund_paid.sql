-- A refund is worked out at completion and paid by billing later; when billing (or a supervisor
-- reading its report) confirms the payment, the former holder is told (CONTRACT §9's afterlife).
ALTER TABLE settlements ADD COLUMN paid_on date;
ALTER TABLE settlements ADD COLUMN paid_by text;
ALTER TABLE settlements ADD COLUMN payment_reference text CHECK (payment_reference IS NULL OR length(payment_reference) <= 100);
