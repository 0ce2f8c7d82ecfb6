import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('portal locales', () => {
  it('zh-CN and en have the same keys, no empty text, the same placeholders, both plural forms, and every t() key used exists', () => {
    const out = execFileSync(process.execPath, ['web/shared/scripts/check-locales.mjs', 'web/portal'], { encoding: 'utf8' });
    expect(out).toMatch(/^locales OK/);
  });
});
