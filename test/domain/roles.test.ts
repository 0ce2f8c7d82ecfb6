import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { may, permissions, rolesMarkdownTable, staffRoles } from '../../src/domain/roles.js';

describe('staff roles', () => {
  it('are one table: the README shows exactly the table in code', () => {
    const readme = fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(rolesMarkdownTable());
  });

  it.each([
    ['agent', 'case.decide', false],
    ['agent', 'case.open', true],
    ['reviewer', 'case.decide', true],
    ['reviewer', 'case.override', false],
    ['supervisor', 'case.override', true],
    ['supervisor', 'case.assign_other', true],
    ['auditor', 'audit.verify', true],
    ['auditor', 'evidence.export', true],
    ['auditor', 'case.decide', false],
    ['auditor', 'case.note', false],
    ['admin', 'staff.manage', true],
    ['admin', 'case.read', false],
  ] as const)('%s may %s: %s', (role, what, allowed) => {
    expect(may(role, what)).toBe(allowed);
  });

  it('give the auditor only reading, verifying and exporting', () => {
    const auditorMay = (Object.keys(permissions) as (keyof typeof permissions)[]).filter((p) => may('auditor', p));
    expect(auditorMay.every((p) => /\.(read|verify|export)$/.test(p))).toBe(true);
  });

  it('name only known roles', () => {
    for (const roles of Object.values(permissions)) for (const r of roles) expect(staffRoles).toContain(r);
  });
});
