import fs from 'node:fs';

/** The numbered SQL files, shipped beside the code (copied into dist/ by `npm run build`). */
export const migrationsDir = new URL('./migrations/', import.meta.url);

export function migrationFiles(): string[] {
  return fs
    .readdirSync(migrationsDir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort();
}
