/** Bad usage or bad input: exit code 2 with a one-line reason (CONTRACT §2). */
export class UsageError extends Error {}

export const usage = `lastcall — cancel SIM cards and phone numbers

Usage: lastcall <command> [options]

  serve                                   API, background workers and (with LASTCALL_DEMO=1) demo data
  worker                                  background jobs only (several may share one PostgreSQL)
  migrate                                 apply the SQL migrations and exit
  seed [--subscribers N]                  load the demo subscribers and staff; N more synthetic ones
  import subscribers FILE.csv             import subscribers and lines; bad rows are reported, good rows kept
  calendar due --region CN --submitted ISO [--days 7] [--json]
                                          print the receipt day and the due day
  calendar load FILE.json                 load an official holiday schedule; recomputes provisional due days
  staff add --user NAME --role ROLE       add a staff log-in (password prompted, or read from stdin)
  terminate --file LINES.csv --reason TEXT --by USER --approved-by USER
                                          end every line of the CSV's msisdn column (two different
                                          supervisors); run again after a crash to continue
  network sync                            make the HLR (HLR_URL) match the lines; prints what it changed
  network reconcile [--fix]               compare the lines with the HLR: one line per difference, exit 1
                                          when any; --fix repairs them
  audit verify                            check the audit chain; exit 1 naming the first broken row
  report sla [--from DAY] [--to DAY] [--out FILE.html|FILE.csv]
                                          SLA figures (default the last 8 weeks): CSV on stdout, or a file;
                                          .html is one offline page with charts
  keys rotate                             new data key; re-encrypt personal data while serving
  keys status                             data keys and how many values each seals
  keys rewrap --new-key-file FILE         rotate LASTCALL_SECRET_KEY: re-wrap the data keys under a new one

Settings come from the environment: DATABASE_URL, LASTCALL_DATA_DIR, HOST, PORT, SMTP_URL, …
Exit codes: 0 ok, 1 failure, 2 bad usage or bad input.`;
