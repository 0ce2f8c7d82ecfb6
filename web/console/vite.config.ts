import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));

// The staff console: a static single-page app served by the API server at `/console/`.
// Nothing is loaded from elsewhere at run time: no fonts, no CDNs (the page's CSP is default-src 'self').
export default defineConfig({
  root,
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    assetsInlineLimit: 0,
    // Chart.js is most of the bundle; one file for a staff tool on the office network is fine.
    chunkSizeWarningLimit: 1024,
  },
});
