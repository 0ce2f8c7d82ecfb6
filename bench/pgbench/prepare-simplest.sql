-- Before apply-simplest.sql: its references come from a sequence far above the year's counter.
CREATE SEQUENCE IF NOT EXISTS bench_simplest_serial START 5000000;
