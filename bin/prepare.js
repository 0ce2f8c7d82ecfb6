#!/usr/bin/env node
// npm's postinstall: the embedded database's template and the two web apps, built ahead so the
// first `npm start` answers in seconds. Nothing here may fail the install; `npm start` redoes
// whatever is missing.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
try {
  const { prepareEmbeddedDatabase } = await import('../src/cli/prepare.ts');
  console.log(await prepareEmbeddedDatabase());
} catch (err) {
  console.warn(`lastcall: could not prepare the embedded database's template (${err instanceof Error ? err.message : err}); the first start creates it instead`);
}
const web = spawnSync(process.execPath, [fileURLToPath(new URL('../web/shared/scripts/build-web.mjs', import.meta.url))], { stdio: 'inherit' });
if (web.status !== 0) console.warn('lastcall: the web apps were not built now; npm start builds them');
