import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorCodes } from '../../src/domain/error-codes.js';
import { errorCatalogue, errorCatalogueMarkdown, transportErrorCodes } from '../../src/http/error-catalogue.js';

describe('the error catalogue', () => {
  it('names every code in snake_case, once, with one status and a meaning', () => {
    const codes = errorCatalogue().map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const e of errorCatalogue()) {
      expect(e.code).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
      expect(e.means.length).toBeGreaterThan(10);
      expect(e.status >= 400 && e.status < 600).toBe(true);
    }
    expect(Object.keys(errorCodes).filter((c) => c in transportErrorCodes)).toEqual([]);
  });

  it('gives 5xx only to faults of the server, never to anything a client sends', () => {
    expect(errorCatalogue().filter((e) => e.status >= 500).map((e) => e.code).sort()).toEqual(['internal_error', 'not_ready']);
  });

  it('is the README table', () => {
    expect(fs.readFileSync('README.md', 'utf8')).toContain(errorCatalogueMarkdown());
  });
});
