/**
 * What each staff role may do: one table that code, tests and the README read.
 * Four eyes is a separate rule: whoever opened a case for a caller cannot approve it.
 */
export const staffRoles = ['agent', 'reviewer', 'supervisor', 'auditor', 'admin'] as const;
export type StaffRole = (typeof staffRoles)[number];

/** Staff user names, as the staff_users CHECK constraint has them. */
export const staffUserNamePattern = /^[a-z0-9._-]{2,64}$/;
export const staffUserNameRule = '2–64 characters: a–z, 0–9, dot, underscore or hyphen';

export const permissions = {
  'case.read': ['agent', 'reviewer', 'supervisor', 'auditor'],
  'case.open': ['agent', 'supervisor'],
  'case.assign_self': ['reviewer', 'supervisor'],
  'case.assign_other': ['supervisor'],
  'case.request_info': ['agent', 'reviewer', 'supervisor'],
  'case.decide': ['reviewer', 'supervisor'],
  /** Approve despite blocking pre-check items, with a written reason; four eyes still holds. */
  'case.override': ['supervisor'],
  'case.note': ['agent', 'reviewer', 'supervisor'],
  'line.suspend': ['agent', 'supervisor'],
  /** The hotline desk: calls, the caller checks, callback requests (reading them too). */
  'call.handle': ['agent', 'supervisor'],
  'dashboard.read': ['supervisor', 'auditor'],
  'audit.read': ['supervisor', 'auditor'],
  'audit.verify': ['supervisor', 'auditor', 'admin'],
  'evidence.export': ['supervisor', 'auditor'],
  'staff.manage': ['admin'],
  'settings.manage': ['admin'],
  /** Jobs parked after a permanent error or their last attempt (dead letters). */
  'outbox.read': ['supervisor', 'admin'],
  'outbox.retry': ['supervisor'],
  /** Record that billing paid a completed case's refund (the former holder is told). */
  'settlement.confirm': ['supervisor'],
  'partner.read': ['supervisor', 'auditor', 'admin'],
  'partner.manage': ['admin'],
  /** Send a dead webhook delivery again (same webhook-id). */
  'partner.replay': ['supervisor', 'admin'],
} as const satisfies Record<string, readonly StaffRole[]>;

/** What each permission means, for the README's table and the console. */
export const permissionDescriptions: Record<Permission, string> = {
  'case.read': 'read cases; personal data masked, whole on a reveal (both audited)',
  'case.open': 'open a case on a verified caller\'s behalf',
  'case.assign_self': 'take a case',
  'case.assign_other': 'reassign a case to someone else',
  'case.request_info': 'ask the customer for information',
  'case.decide': 'approve or reject (not a case one opened)',
  'case.override': 'approve despite blocking pre-check items, with a written reason',
  'case.note': 'write internal notes',
  'line.suspend': 'bar a lost or stolen line',
  'call.handle': 'take hotline calls, check who is calling, work the callback requests',
  'dashboard.read': 'see the SLA dashboard',
  'audit.read': 'read the audit trail',
  'audit.verify': 'verify the audit chain',
  'evidence.export': 'export a case\'s evidence bundle',
  'staff.manage': 'add, disable and unlock staff',
  'settings.manage': 'change settings and load calendars',
  'outbox.read': 'see jobs parked after a permanent error or their last attempt',
  'outbox.retry': 'put a parked job back in the queue',
  'settlement.confirm': "record that a completed case's refund was paid",
  'partner.read': 'see partners, their hooks and webhook deliveries',
  'partner.manage': 'add partners, rotate their keys, disable them',
  'partner.replay': 'send a dead webhook delivery again',
};

export type Permission = keyof typeof permissions;

export function may(role: StaffRole, what: Permission): boolean {
  return (permissions[what] as readonly StaffRole[]).includes(role);
}

/** The role table as Markdown; the README carries exactly this (a test keeps them equal). */
export function rolesMarkdownTable(): string {
  const head = `| may | ${staffRoles.join(' | ')} |\n|---|${staffRoles.map(() => '---').join('|')}|`;
  const rows = (Object.keys(permissions) as Permission[]).map(
    (p) => `| ${permissionDescriptions[p]} | ${staffRoles.map((r) => (may(r, p) ? '✓' : '')).join(' | ')} |`,
  );
  return [head, ...rows].join('\n');
}
