#!/usr/bin/env node
// npm's postinstall: the embedded database's template, the two web apps and the compiled CLI
// (dist/, see bin/compiled.js), built ahead so the first `npm start` answers in seconds. Nothing
// here may fail the install; `npm start` redoes or goes without whatever is missing.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';
import { buildCli } from './build-cli.js';

register();
try {
  const { prepareEmbeddedDatabase } = await import('../src/cli/prepare.ts');
  console.log(await prepareEmbeddedDatabase());
} catch (err) {
  console.warn(`lastcall: could not prepare the embedded database's template (${err instanceof Error ? err.message : err}); the first start creates it instead`);
}
const web = spawnSync(process.execPath, [fileURLToPath(new URL('../web/shared/scripts/build-web.mjs', import.meta.url))], { stdio: 'inherit' });
if (web.status !== 0) console.warn('lastcall: the web apps were not built now; npm start builds them');

let compiled = false;
try {
  compiled = buildCli();
} catch {
  compiled = false;
}
if (!compiled) console.warn('lastcall: the CLI was not compiled now; it runs from the sources through tsx');
