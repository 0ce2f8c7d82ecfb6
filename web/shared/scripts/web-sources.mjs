// What each web app is built from, so `npm start` and `npm test` rebuild an app only when one of
// its sources changed (a rebuild of both took 2–8 s of every start). The build records the files
// Vite actually bundled (a plugin in ../vite-app.ts); a start hashes those same files again. A new
// file changes nothing until some bundled file imports it, and then that file's hash changes.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const manifestName = '.sources.json';

/** Files every build depends on besides the bundled modules: the lock file pins Vite, React and the rest. */
export function fixedInputs(app) {
  return ['package-lock.json', 'web/shared/vite-app.ts', 'web/shared/scripts/web-sources.mjs', `web/${app}/vite.config.ts`, `web/${app}/index.html`];
}

/** One hash over the files (paths relative to the project); a missing file hashes as missing. */
export function digest(files) {
  const hash = crypto.createHash('sha256');
  for (const file of [...new Set(files)].sort()) {
    hash.update(`${file}\0`);
    try {
      hash.update(fs.readFileSync(path.join(projectRoot, file)));
    } catch {
      hash.update('\0missing\0');
    }
  }
  return hash.digest('hex');
}

/** The project's own files among Vite's module ids (no node_modules, no virtual modules). */
export function ownSources(moduleIds) {
  return moduleIds
    .filter((id) => !id.startsWith('\0') && !id.includes('/node_modules/'))
    .map((id) => id.split('?')[0])
    .filter((id) => path.isAbsolute(id) && id.startsWith(projectRoot))
    .map((id) => path.relative(projectRoot, id));
}

/** Whether the app's dist/ was built from exactly the sources that are here now. */
export function isCurrent(app) {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(projectRoot, 'web', app, 'dist', manifestName), 'utf8'));
    return manifest.digest === digest([...manifest.files, ...fixedInputs(app)]);
  } catch {
    return false;
  }
}
