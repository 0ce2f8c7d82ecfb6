import { defineConfig } from 'vite';
import { appConfig } from '../shared/vite-app.ts';

// The staff console: a static single-page app served by the API server at `/console/` (the page's
// CSP is default-src 'self'). Chart.js is most of the bundle; one file for a staff tool on the
// office network is fine.
export default defineConfig(appConfig(import.meta.url, { base: '/console/', chunkSizeWarningLimit: 1024 }));
