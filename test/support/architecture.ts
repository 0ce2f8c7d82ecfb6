import fs from 'node:fs';
import path from 'node:path';

/**
 * Reads the source tree as a graph of relative imports, so the house's rules (no circles, no
 * arrow from a lower layer to a higher one, SQL only in the store, small files) can be checked
 * by a test and counted for a closing note (`node bin/run-ts.js test/support/architecture.ts`).
 */
const root = path.resolve(import.meta.dirname, '../..');

/** Lower numbers are lower layers; a file may import its own layer or lower ones only. */
export const layers: Record<string, number> = {
  domain: 0,
  config: 1,
  log: 1,
  metrics: 1,
  security: 1,
  store: 1,
  adapters: 1,
  pdf: 1,
  report: 1,
  app: 2,
  jobs: 3,
  http: 3,
  main: 4,
  cli: 5,
};

export interface SourceFile {
  file: string; // relative to the repository root
  lines: number;
  imports: string[]; // resolved, relative to the repository root
  sqlCalls: number;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (/\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

function resolveImport(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), spec).replace(/\.js$/, '');
  for (const candidate of [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  return null;
}

// A call that sends SQL: db.query(...), tx.query<...>(...), db.exec(...).
const sqlCall = /\.query\s*(<[^>]*>)?\s*\(|\b(db|tx)\.exec\s*\(/g;

export function readTree(folder: 'src' | 'web'): SourceFile[] {
  const files = walk(path.join(root, folder));
  return files.map((full) => {
    const text = fs.readFileSync(full, 'utf8');
    const imports: string[] = [];
    for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      const resolved = resolveImport(full, (m[1] ?? m[2])!);
      if (resolved) imports.push(path.relative(root, resolved));
    }
    return {
      file: path.relative(root, full),
      lines: text.split('\n').length - (text.endsWith('\n') ? 1 : 0),
      imports,
      sqlCalls: [...text.matchAll(sqlCall)].length,
    };
  });
}

/** Groups of files that import each other in a circle (Tarjan's strongly connected components). */
export function importCircles(files: SourceFile[]): string[][] {
  const graph = new Map(files.map((f) => [f.file, f.imports]));
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (v: string) => {
    indexOf.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indexOf.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
    }
    if (low.get(v) === indexOf.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1 || (graph.get(v) ?? []).includes(v)) circles.push(group.sort());
    }
  };
  for (const f of files) if (!indexOf.has(f.file)) visit(f.file);
  return circles;
}

/** The room of a src file: its first folder under src/ (a file directly in src/ is its own room). */
export function roomOf(file: string): string {
  const parts = file.split('/');
  if (parts.length === 2) return parts[1]!.replace(/\.tsx?$/, '');
  return parts[1]!;
}

/** Imports that go from a lower layer to a higher one. */
export function upwardArrows(files: SourceFile[]): string[] {
  const arrows: string[] = [];
  for (const f of files) {
    const from = layers[roomOf(f.file)];
    for (const target of f.imports) {
      if (!target.startsWith('src/')) continue;
      const to = layers[roomOf(target)];
      if (from === undefined || to === undefined || to > from) arrows.push(`${f.file} → ${target}`);
    }
  }
  return arrows;
}

/** Files and lines per room; under src/app, per capability folder. */
export function rooms(files: SourceFile[]): { room: string; files: number; lines: number }[] {
  const byRoom = new Map<string, { files: number; lines: number }>();
  for (const f of files) {
    const parts = f.file.split('/');
    const room = parts[1] === 'app' && parts.length > 3 ? `app/${parts[2]}` : roomOf(f.file) + (parts.length === 2 ? '.ts' : '');
    const r = byRoom.get(room) ?? { files: 0, lines: 0 };
    r.files++;
    r.lines += f.lines;
    byRoom.set(room, r);
  }
  return [...byRoom].map(([room, r]) => ({ room, ...r })).sort((a, b) => a.room.localeCompare(b.room));
}

if (process.argv.slice(1).some((a) => path.resolve(a) === import.meta.filename)) {
  const src = readTree('src');
  const web = readTree('web');
  for (const r of rooms(src)) console.log(`${r.room}\t${r.files}\t${r.lines}`);
  const largest = [...src].sort((a, b) => b.lines - a.lines)[0]!;
  console.log(`largest\t${largest.file}\t${largest.lines}`);
  console.log(`files over 300 lines\t${src.filter((f) => f.lines > 300).map((f) => f.file).join(' ') || 'none'}`);
  console.log(`circles src\t${JSON.stringify(importCircles(src))}`);
  console.log(`circles web\t${JSON.stringify(importCircles(web))}`);
  console.log(`upward arrows\t${upwardArrows(src).length}\t${upwardArrows(src).join(', ')}`);
  const outside = src.filter((f) => !f.file.startsWith('src/store/') && f.sqlCalls > 0);
  console.log(`sql calls outside src/store\t${outside.reduce((n, f) => n + f.sqlCalls, 0)} in ${outside.length} files`);
  for (const f of outside) console.log(`  ${f.file}\t${f.sqlCalls}`);
}
