import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript launcher, no declarations
import { currentBuild } from '../../bin/compiled.js';
import { projectRoot } from '../support/process.js';

describe('the CLI runs its compiled build only while it is current', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lastcall-compiled-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  const at = (file: string, seconds: number) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), '');
    fs.utimesSync(path.join(root, file), seconds, seconds);
  };

  it('takes dist/ when the stamp is as new as every source and settings file, the sources otherwise', () => {
    for (const f of ['src/cli/entry.ts', 'src/store/migrations/0001_init.sql', 'tsconfig.json', 'tsconfig.build.json', 'package.json']) at(f, 1_000);
    expect(currentBuild(root)).toBeNull(); // never built
    at('dist/.built', 2_000);
    expect(currentBuild(root)).toBe(`file://${path.join(root, 'dist/cli/entry.js')}`);
    at('src/store/migrations/0002_more.sql', 3_000); // a new migration, deep in src/
    expect(currentBuild(root)).toBeNull();
    at('dist/.built', 3_000);
    at('tsconfig.json', 4_000);
    expect(currentBuild(root)).toBeNull();
  });

  it.runIf(currentBuild() !== null || process.env.CI === 'true')('npm install compiled it, and it answers as the sources do', () => {
    expect(currentBuild()).not.toBeNull();
    const run = (env: Record<string, string>) => execFileSync(process.execPath, ['bin/lastcall.js', '--help'], { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, ...env } });
    const compiled = run({});
    const sources = run({ LASTCALL_SOURCES: '1' });
    expect(compiled).toBe(sources);
    expect(compiled).toMatch(/terminate/);
  });
});
