import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importCircles, readTree, upwardArrows } from '../support/architecture.js';

/**
 * The house's rules, read from the source: a newcomer finds SQL in src/store only, nothing lower
 * imports anything higher, no two files import each other, and no file holds two ideas' worth
 * of lines. (Counts for a note: `node bin/run-ts.js test/support/architecture.ts`.)
 */
const src = readTree('src');
const web = readTree('web');

describe('the house', () => {
  it('has no import circles in src/ or web/', () => {
    expect(importCircles(src)).toEqual([]);
    expect(importCircles(web)).toEqual([]);
  });

  it('has no arrow from a lower layer to a higher one (domain < store, adapters < app < jobs, http < main < cli)', () => {
    expect(upwardArrows(src)).toEqual([]);
  });

  it('keeps SQL in src/store', () => {
    const outside = src.filter((f) => f.sqlCalls > 0 && !f.file.startsWith('src/store/')).map((f) => `${f.file}: ${f.sqlCalls}`);
    expect(outside).toEqual([]);
  });

  it('has no file in src/ over 300 lines', () => {
    expect(src.filter((f) => f.lines > 300).map((f) => `${f.file}: ${f.lines}`)).toEqual([]);
  });

  it('keeps the domain free of I/O and frameworks', () => {
    const io = /from '(node:(fs|net|http|https|child_process|worker_threads)|pg|@electric-sql\/pglite|fastify|zod|nodemailer|pino)'/;
    const offenders = src.filter((f) => f.file.startsWith('src/domain/')).filter((f) => io.test(readSource(f.file)));
    expect(offenders.map((f) => f.file)).toEqual([]);
  });
});

const readSource = (file: string) => fs.readFileSync(file, 'utf8');
