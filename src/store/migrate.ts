import fs from 'node:fs';
import type { Database } from './db.js';
import { migrationFiles, migrationsDir } from './migration-files.js';

export { migrationFiles };

/** The database was brought further by a newer lastcall than this one. */
export class SchemaTooNewError extends Error {
  constructor(readonly unknown: string[], readonly known: string) {
    super(
      `the database has migrations this version of lastcall does not know (${unknown.join(', ')}; this version ends at ${known}): ` +
        'it was upgraded by a newer lastcall. Run that version, or point this one at another database.',
    );
    this.name = 'SchemaTooNewError';
  }
}

/**
 * Applies the numbered SQL files not yet applied, all in one transaction. The advisory lock
 * makes several processes starting against one PostgreSQL take turns instead of racing. Old
 * code refuses a schema a newer version has moved on (as graphile-worker's migrate does): it
 * would otherwise write rows the newer schema no longer means the same way.
 */
export async function migrate(db: Database): Promise<string[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7277001)');
    const done = new Set((await tx.query<{ version: string }>('SELECT version FROM schema_migrations')).map((r) => r.version));
    const files = migrationFiles();
    const known = new Set(files.map((f) => f.replace(/\.sql$/, '')));
    const unknown = [...done].filter((v) => !known.has(v)).sort();
    if (unknown.length > 0) throw new SchemaTooNewError(unknown, files.at(-1)?.replace(/\.sql$/, '') ?? 'none');
    const applied: string[] = [];
    for (const file of files) {
      const version = file.replace(/\.sql$/, '');
      if (done.has(version)) continue;
      const sql = fs.readFileSync(new URL(file, migrationsDir), 'utf8');
      for (const statement of splitStatements(sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
      applied.push(version);
    }
    return applied;
  });
}

/**
 * Statements end at a `;` that ends a line, except inside a dollar-quoted body (`$$ … $$`),
 * where a function's own statements live.
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current = '';
  let inBody = false;
  for (const line of sql.split('\n')) {
    if (!inBody && /^\s*--/.test(line)) continue;
    current += line + '\n';
    if ((line.match(/\$\$/g) ?? []).length % 2 === 1) inBody = !inBody;
    if (!inBody && /;\s*$/.test(line)) {
      statements.push(current.trim().replace(/;$/, ''));
      current = '';
    }
  }
  if (current.trim()) statements.push(current.trim());
  return statements;
}
