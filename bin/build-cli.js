#!/usr/bin/env node
// Compiles src/ to dist/ and stamps it (bin/compiled.js decides by the stamp whether the CLI runs
// the build or the sources). Run by `npm run build` and by npm's postinstall (bin/prepare.js).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildStamp } from './compiled.js';

const root = new URL('../', import.meta.url);

/** True when dist/ is built and stamped. */
export function buildCli() {
  fs.rmSync(buildStamp, { force: true });
  // The stamp takes the time the compiler started, so a source saved while it ran counts as newer.
  const started = new Date();
  const tsc = spawnSync(process.execPath, [fileURLToPath(new URL('node_modules/typescript/bin/tsc', root)), '-p', 'tsconfig.build.json'], { cwd: fileURLToPath(root), stdio: 'inherit' });
  if (tsc.status !== 0) return false;
  fs.cpSync(new URL('src/store/migrations', root), new URL('dist/store/migrations', root), { recursive: true });
  fs.writeFileSync(buildStamp, '');
  fs.utimesSync(buildStamp, started, started);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === fs.realpathSync(process.argv[1])) process.exitCode = buildCli() ? 0 : 1;
