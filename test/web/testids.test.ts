import { describe, expect, it } from 'vitest';
import * as consoleIds from '../../web/console/src/testids.js';
import * as portalIds from '../../web/portal/src/testids.js';
import { refundFieldId, refundId, sharedIds } from '../../web/shared/testids.js';

describe('testids of the shared components', () => {
  // Each app's testids.ts stays import-free for the tests, so it repeats these values.
  it.each([
    ['portal', portalIds],
    ['console', consoleIds],
  ])('the %s lists them with the values the shared components render', (_, ids) => {
    expect(Object.fromEntries(Object.keys(sharedIds).map((k) => [k, (ids.T as Record<string, string>)[k]]))).toEqual(sharedIds);
    for (const m of ['original_payment', 'bank_account', 'another_line']) expect(ids.refundId(m)).toBe(refundId(m));
    for (const f of ['holderName', 'bankName', 'accountNumber', 'otherMsisdn']) expect(ids.refundFieldId(f)).toBe(refundFieldId(f));
  });
});
