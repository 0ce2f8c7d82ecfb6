import { describe, expect, it } from 'vitest';
import { migrate, migrationFiles, SchemaTooNewError } from '../../src/store/migrate.js';
import { openTestDatabase, testDatabases, testDatabaseAvailable } from '../support/databases.js';

describe.each(testDatabases)('migrations (%s)', async (kind) => {
  const available = await testDatabaseAvailable(kind);

  it.skipIf(!available)('apply once, then nothing, and old code refuses a schema a newer version moved on', async () => {
    const t = (await openTestDatabase(kind, { prefix: 'lc_migrate', empty: true }))!;
    try {
      expect(await migrate(t.db)).toEqual(migrationFiles().map((f) => f.replace(/\.sql$/, '')));
      expect(await migrate(t.db)).toEqual([]);
      await t.db.query("INSERT INTO schema_migrations (version) VALUES ('9999_from_the_future')");
      const refused = await migrate(t.db).catch((err: unknown) => err);
      expect(refused).toBeInstanceOf(SchemaTooNewError);
      expect((refused as Error).message).toContain('9999_from_the_future');
    } finally {
      await t.dispose();
    }
  });
});
