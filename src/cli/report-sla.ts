import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openCalendarBook } from '../app/sla/calendars.js';
import { systemClock } from '../app/context.js';
import { supervisorDashboard } from '../app/sla/dashboard.js';
import { isIsoDate } from '../domain/calendar.js';
import { periodProblem } from '../domain/sla-figures.js';
import { renderSlaReport, slaReportFormat } from '../report/sla-report.js';
import type { Database } from '../store/db.js';
import { UsageError } from './usage.js';

export const reportSlaUsage = 'usage: lastcall report sla [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--out FILE.html|FILE.csv]';

type OpenDatabase = <T>(fn: (db: Database) => Promise<T>) => Promise<T>;

/**
 * `lastcall report sla`: the supervisor dashboard's figures as CSV (stdout, or a .csv file) or as
 * one self-contained HTML page with charts. Everything is checked before the database is opened.
 */
export async function reportSla(args: string[], withDatabase: OpenDatabase): Promise<number> {
  const { values } = parseArgs({ args, options: { from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' } }, strict: true });
  for (const name of ['from', 'to'] as const) {
    const v = values[name];
    if (v !== undefined && !isIsoDate(v)) throw new UsageError(`--${name}: an existing date as YYYY-MM-DD, not ${JSON.stringify(v)}`);
  }
  if (values.from && values.to) {
    const problem = periodProblem(values.from, values.to);
    if (problem) throw new UsageError(`--from/--to: ${problem}`);
  }
  const out = values.out;
  const format = out === undefined ? 'csv' : slaReportFormat(out);
  if (!format) throw new UsageError(`--out: the file name must end in .html or .csv, not ${JSON.stringify(path.extname(out!) || out)}`);
  if (out !== undefined) {
    const dir = path.dirname(path.resolve(out));
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`--out: the folder ${dir} does not exist`);
  }

  const figures = await withDatabase(async (db) => {
    const calendars = await openCalendarBook(db);
    try {
      return await supervisorDashboard({ db, calendars, clock: systemClock }, { from: values.from, to: values.to });
    } catch (err) {
      // Only one of --from/--to given can still make an impossible period with its default.
      if ((err as { code?: string }).code === 'invalid_period') throw new UsageError(`--from/--to: ${(err as Error).message}`);
      throw err;
    }
  });
  const text = renderSlaReport(figures, format);
  const counts = `${figures.compliance.overall.decided} decided, ${Object.values(figures.openByState).reduce((a, b) => a + b, 0)} open, ` +
    `${figures.intake.reduce((n, d) => n + d.web + d.form + d.email + d.hotline + d.sms, 0)} submitted from ${figures.from} to ${figures.to}`;
  if (out === undefined) {
    process.stdout.write(text);
    console.error(`(${counts})`);
  } else {
    fs.writeFileSync(out, text);
    console.log(`wrote ${out} (${counts})`);
  }
  return 0;
}
