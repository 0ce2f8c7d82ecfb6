#!/usr/bin/env node
// Runs the TypeScript sources through tsx, so `npm install` is all a clone needs.
// (`npm run build` also emits plain JavaScript: `node dist/cli/entry.js …` runs the same.)
import { register } from 'tsx/esm/api';
register();
await import('../src/cli/entry.ts');
