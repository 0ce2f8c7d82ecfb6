import { defineConfig } from 'vite';
import { appConfig } from '../shared/vite-app.ts';

// The customer portal: a static single-page app served by the API server at `/`.
export default defineConfig(appConfig(import.meta.url, { base: '/' }));
