import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import type { UserConfig } from 'vite';

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
    plugins: [react()],
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
