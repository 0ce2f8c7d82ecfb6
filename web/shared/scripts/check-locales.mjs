#!/usr/bin/env node
// Checks one app's locale files: zh-CN.json and en.json have exactly the same keys, no value is
// empty, the same {{placeholders}}, and every literal t('a.b.c') key used in the app's src/ and in
// web/shared exists (a counted text may exist as a.b.c_one / a.b.c_other).
// Run: node web/shared/scripts/check-locales.mjs web/portal   (or web/console)
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const appDir = process.argv[2];
if (!appDir) {
  console.error('usage: node web/shared/scripts/check-locales.mjs <app folder, e.g. web/portal>');
  process.exit(2);
}
const root = resolve(appDir, 'src');
const shared = join(dirname(fileURLToPath(import.meta.url)), '..');
const load = (lang) => JSON.parse(readFileSync(join(root, 'locales', `${lang}.json`), 'utf8'));

function flatten(obj, prefix = '', out = new Map()) {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object') flatten(v, key, out);
    else out.set(key, v);
  }
  return out;
}

const zh = flatten(load('zh-CN'));
const en = flatten(load('en'));
const problems = [];
for (const k of zh.keys()) if (!en.has(k)) problems.push(`en.json lacks ${k}`);
for (const k of en.keys()) if (!zh.has(k)) problems.push(`zh-CN.json lacks ${k}`);
for (const [name, map] of [['zh-CN', zh], ['en', en]]) {
  for (const [k, v] of map) if (typeof v !== 'string' || v.trim() === '') problems.push(`${name}.json: ${k} is empty`);
}
const vars = (s) => [...String(s).matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort().join(',');
for (const [k, v] of zh) if (en.has(k) && vars(v) !== vars(en.get(k))) problems.push(`${k}: placeholders differ (${vars(v)} / ${vars(en.get(k))})`);
// A counted text has both forms in both languages (Chinese uses only _other, but the keys stay equal).
for (const k of zh.keys()) {
  const m = /^(.*)_(one|other)$/.exec(k);
  if (m && !zh.has(`${m[1]}_${m[2] === 'one' ? 'other' : 'one'}`)) problems.push(`${k} has no ${m[2] === 'one' ? '_other' : '_one'} form`);
}

function files(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(f) ? [p] : [];
  });
}
const exists = (k) => zh.has(k) || zh.has(`${k}_other`);
// The shared components speak with the app's texts, so their keys must be in every app.
for (const file of [...files(root), ...files(shared)]) {
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/\b(?:t|ft)\(\s*'([a-zA-Z0-9_.]+)'/g)) {
    if (m[1].includes('.') && !exists(m[1])) problems.push(`${relative(process.cwd(), file)} uses unknown key ${m[1]}`);
  }
}

if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`locales OK: ${zh.size} keys in zh-CN and en`);
