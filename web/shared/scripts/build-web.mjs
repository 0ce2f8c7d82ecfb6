#!/usr/bin/env node
// Builds the portal and the console with Vite, each only if its sources changed since its last
// build (see web-sources.mjs). LASTCALL_WEB_BUILD=always rebuilds regardless.
// Run: node web/shared/scripts/build-web.mjs [portal] [console]
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { isCurrent, projectRoot } from './web-sources.mjs';

const apps = process.argv.length > 2 ? process.argv.slice(2) : ['portal', 'console'];
const vite = path.join(path.dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
for (const app of apps) {
  if (process.env.LASTCALL_WEB_BUILD !== 'always' && isCurrent(app)) continue;
  const r = spawnSync(process.execPath, [vite, 'build', '--config', `web/${app}/vite.config.ts`, '--logLevel', 'warn'], {
    cwd: projectRoot,
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
