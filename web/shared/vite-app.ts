import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import type { Plugin, UserConfig } from 'vite';
// @ts-expect-error a plain script shared with the build-if-changed runner, typed by its JSDoc-free shape below
import { digest, fixedInputs, manifestName, ownSources } from './scripts/web-sources.mjs';

const sharedDir = dirname(fileURLToPath(import.meta.url));

/**
 * The Vite build of either app: the app's folder (`appUrl`, its config's import.meta.url) is the
 * root, dist/ beside it the output, served at `base`; `@shared/…` is this folder. Nothing is
 * loaded from elsewhere at run time: no fonts, no CDNs.
 */
export function appConfig(appUrl: string, { base, chunkSizeWarningLimit }: { base: string; chunkSizeWarningLimit?: number }): UserConfig {
  return {
    root: fileURLToPath(new URL('.', appUrl)),
    base,
    plugins: [react(), recordSources(appUrl)],
    resolve: { alias: { '@shared': sharedDir } },
    build: {
      outDir: fileURLToPath(new URL('./dist', appUrl)),
      emptyOutDir: true,
      sourcemap: false,
      // Inline nothing: every asset is a file of the app's own, never a data: URL.
      assetsInlineLimit: 0,
      ...(chunkSizeWarningLimit ? { chunkSizeWarningLimit } : {}),
    },
  };
}

/** Writes dist/.sources.json: the files this build bundled and their hash (web-sources.mjs). */
function recordSources(appUrl: string): Plugin {
  const app = fileURLToPath(new URL('.', appUrl)).replace(/\/$/, '').split('/').pop()!;
  let files: string[] = [];
  return {
    name: 'lastcall-record-sources',
    apply: 'build',
    generateBundle() {
      files = (ownSources([...this.getModuleIds()]) as string[]).sort();
    },
    writeBundle(options) {
      const manifest = { files, digest: digest([...files, ...fixedInputs(app)]) };
      writeFileSync(join(options.dir!, manifestName), `${JSON.stringify(manifest, null, 1)}\n`);
    },
  };
}
