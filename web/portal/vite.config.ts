import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));

// The customer portal: a static single-page app served by the API server at `/`.
// Nothing is loaded from elsewhere at run time: no fonts, no CDNs.
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    // The whole portal is small; inline nothing that could be fetched lazily from a CDN.
    assetsInlineLimit: 0,
  },
});
