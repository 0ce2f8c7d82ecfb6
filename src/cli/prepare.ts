/**
 * What `npm install` prepares so that a first `npm start` need not: the embedded database's
 * template (pglite-template.ts). Failing here never fails the install: the start then creates
 * the database the slow way.
 */
import { performance } from 'node:perf_hooks';
import { wrapPglite } from '../store/db.js';
import { migrate } from '../store/migrate.js';
import { prepareTemplate } from '../store/pglite-template.js';

export async function prepareEmbeddedDatabase(): Promise<string> {
  const started = performance.now();
  const { file, made } = await prepareTemplate(async (pg) => {
    await migrate(wrapPglite(pg));
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  return made ? `lastcall: prepared the embedded database's template in ${seconds} s (${file})` : 'lastcall: the embedded database template is ready';
}
