-- Run once before pgbench, in the bench database (not timed). :first and :last are replaced by
-- bench/pgbench.ts with the range of extra lines to add for the write run.

-- formatReference (src/domain/reference.ts) in SQL: LC-YYYY-NNNNNNN-C with the Damm check digit,
-- so pgbench's cases look like lastcall's and the read script can name any case by its serial.
CREATE OR REPLACE FUNCTION bench_reference(y integer, n integer) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  t constant int[] := '{{0,3,1,7,5,9,8,6,4,2},{7,0,9,2,1,5,4,8,6,3},{4,2,0,6,8,7,1,3,5,9},{1,7,5,0,9,8,3,4,2,6},{6,1,2,3,0,4,5,9,7,8},{3,6,7,4,2,0,9,5,8,1},{5,8,6,9,7,2,0,1,3,4},{8,9,4,5,3,6,2,0,1,7},{9,4,3,8,6,1,7,2,0,5},{2,5,8,1,4,3,6,7,9,0}}';
  digits constant text := lpad(y::text, 4, '0') || lpad(n::text, 7, '0');
  interim int := 0;
BEGIN
  FOR k IN 1..11 LOOP
    interim := t[interim + 1][substr(digits, k, 1)::int + 1];
  END LOOP;
  RETURN 'LC-' || substr(digits, 1, 4) || '-' || substr(digits, 5) || '-' || interim;
END $$;

-- The lastcall run left its cases open; close them so pgbench's walk over the lines starts clean.
UPDATE cases SET state = 'withdrawn', updated_at = now() WHERE state IN ('submitted', 'in_review', 'awaiting_customer', 'approved');

-- More synthetic subscribers and lines, numbered on from the imported ones, shaped like
-- src/cli/synthetic.ts rows (prepaid with credit, WeChat bound). Bulk SQL: the product's import
-- goes one transaction per row, too slow for the tens of thousands pgbench gets through.
-- Personal columns hold sealed values in lastcall; stand-ins of a similar length keep the CHECKs
-- satisfied (pgbench never decrypts), and the blind index is where the look-up goes.
INSERT INTO subscribers (legal_name, id_type, id_number, id_number_index, email, email_index, language, region)
  SELECT 'lc1.pgbench.' || md5('n' || i), 'other', 'lc1.pgbench.' || md5('i' || i), 'PGBENCH' || i,
         'lc1.pgbench.' || md5('e' || i) || md5('e' || i), md5('e' || i) || md5('f' || i), 'zh-CN', 'CN'
  FROM generate_series(:first, :last) i;
INSERT INTO lines (subscriber_id, msisdn, iccid, imsi, sim_type, plan, balance_minor, currency, status)
  SELECT s.id, '+86137' || lpad(i::text, 7, '0') || '0', '8986099' || lpad(i::text, 7, '0') || '000000', '4600990' || lpad(i::text, 7, '0'),
         'physical', 'prepaid', 1 + i % 5000, 'CNY', 'active'
  FROM generate_series(:first, :last) i JOIN subscribers s ON s.id_type = 'other' AND s.id_number_index = 'PGBENCH' || i;
INSERT INTO bindings (line_id, kind, state)
  SELECT l.id, 'wechat', 'bound' FROM generate_series(:first, :last) i JOIN lines l ON l.msisdn = '+86137' || lpad(i::text, 7, '0') || '0';

-- A token row per line for the write script (customer_tokens needs some real verification).
INSERT INTO customer_tokens (token_hash, subscriber_id, verification_id, expires_at)
  SELECT 'pgbench-line-' || substr(l.msisdn, 7, 7)::int, l.subscriber_id, (SELECT id FROM verifications LIMIT 1), now() + interval '1 hour'
  FROM lines l WHERE l.msisdn LIKE '+86137%';
ANALYZE;
