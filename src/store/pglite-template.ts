/**
 * A new embedded database starts from a template: PGlite's initdb runs in WebAssembly and takes
 * seconds (4–12 s on this 2-core machine), and the migrations as many again, which made a
 * newcomer's first `npm start` wait 17 s. `npm install` prepares the template once (an in-memory
 * cluster with every migration applied, dumped as a tarball) and a data dir created later is
 * unpacked from it in well under that. The template is named by the PGlite version and the
 * migrations' contents, so a changed migration or an upgraded PGlite is never served a stale
 * one; without a template the database is created as before.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { migrationFiles, migrationsDir } from './migration-files.js';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

function pgliteVersion(): string {
  // The package exports no ./package.json: walk up from its entry point to find it.
  let dir = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version: string };
      if (pkg.name === '@electric-sql/pglite') return pkg.version;
    }
    if (path.dirname(dir) === dir) return 'unknown';
    dir = path.dirname(dir);
  }
}

/** Where the template for this PGlite and these migrations lives (it may not exist). */
export function templatePath(): string {
  const hash = crypto.createHash('sha256').update(`pglite ${pgliteVersion()}\n`);
  for (const file of migrationFiles()) hash.update(`${file}\n`).update(fs.readFileSync(new URL(file, migrationsDir)));
  const dir = process.env.LASTCALL_TEMPLATE_DIR || path.join(projectRoot, 'node_modules', '.cache', 'lastcall');
  return path.join(dir, `pglite-${hash.digest('hex').slice(0, 16)}.tar.gz`);
}

/** The template's bytes, if one was prepared for this version. */
export function readTemplate(): Blob | undefined {
  try {
    return new Blob([fs.readFileSync(templatePath())]);
  } catch {
    return undefined;
  }
}

/**
 * Prepares the template unless it exists. `migrate` is passed in (it takes our Database
 * interface, which db.ts builds) so this module needs nothing above the store.
 */
export async function prepareTemplate(migrateFresh: (db: PGlite) => Promise<void>): Promise<{ file: string; made: boolean }> {
  const file = templatePath();
  if (fs.existsSync(file)) return { file, made: false };
  const db = await PGlite.create();
  try {
    await migrateFresh(db);
    const tarball = Buffer.from(await (await db.dumpDataDir('gzip')).arrayBuffer());
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Written aside and renamed, so a reader never unpacks half a template.
    const part = `${file}.${process.pid}.part`;
    fs.writeFileSync(part, tarball);
    fs.renameSync(part, file);
  } finally {
    await db.close();
  }
  return { file, made: true };
}
