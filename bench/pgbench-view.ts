/**
 * GET /api/v1/cancellations/{reference} as pgbench runs it: lastcall's own statement for the
 * customer's view (src/store/customer-case.ts, with the hidden kinds of
 * src/app/cases/customer-case-view.ts), its parameters filled in by pgbench, written to a script
 * at run time so the two cannot drift apart. One read a statement (lastcall sends several reads
 * that arrive together as one: the most the database has to do per read), on a random case of
 * this run (serials 1..ncases of :year, every one exists), with the bearer token prepare-view.sql
 * made for it and the fingerprint and snapshot of the case as lastcall holds it after reading it
 * once (pgbench_known): a poll while nothing changed, where the case is not looked at. Run with
 * `-M prepared`: lastcall sends it as a named statement.
 */
import fs from 'node:fs';
import path from 'node:path';
import { customerCasesSql } from '../src/store/customer-case.js';
import { customerHiddenEvents, customerHiddenChannels } from '../src/app/cases/customer-case-view.js';

const parameters: Record<string, string> = {
  '$1::text[]': `ARRAY['pgbench-case-' || :c::text]`,
  '$2::timestamptz': 'now()',
  '$3::text[]': 'ARRAY[bench_reference(:year, :c)]',
  '$4::text[]': 'ARRAY[(SELECT fp FROM pgbench_known WHERE c = :c)]',
  '$5::text[]': 'ARRAY[(SELECT snap FROM pgbench_known WHERE c = :c)]',
};

/** Writes the script into `dir`; its path, for runPgbench. */
export function writeViewScript(dir: string): string {
  let sql = customerCasesSql(customerHiddenEvents, customerHiddenChannels);
  for (const [param, value] of Object.entries(parameters)) {
    if (!sql.includes(param)) throw new Error(`the customer read no longer takes ${param}: update bench/pgbench-view.ts`);
    sql = sql.replaceAll(param, value);
  }
  if (/\$\d/.test(sql)) throw new Error('the customer read takes a parameter bench/pgbench-view.ts does not fill in');
  const file = path.join(dir, 'pgbench-view.sql');
  fs.writeFileSync(file, `\\set c random(1, :ncases)\n${sql.trim()};\n`);
  return file;
}
