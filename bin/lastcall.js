#!/usr/bin/env node
// The CLI: the compiled build when it is current (bin/compiled.js), else the TypeScript sources
// through tsx, so `npm install` is all a clone needs and an edit to src/ runs at once.
import { currentBuild } from './compiled.js';

const compiled = currentBuild();
if (compiled) await import(compiled);
else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/entry.ts');
}
