import { describe, expect, it } from 'vitest';
import { T as consoleT } from '../../web/console/src/testids.js';
import { T as portalT } from '../../web/portal/src/testids.js';
import { sharedIds } from '../../web/shared/testids.js';

describe('testids of the shared components', () => {
  // Each app's testids.ts stays import-free for the tests, so it repeats these values.
  it.each([
    ['portal', portalT],
    ['console', consoleT],
  ])('the %s lists them with the values the shared components render', (_, T) => {
    expect(Object.fromEntries(Object.keys(sharedIds).map((k) => [k, (T as Record<string, string>)[k]]))).toEqual(sharedIds);
  });
});
