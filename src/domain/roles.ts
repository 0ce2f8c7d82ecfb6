/**
 * What each staff role may do: one table that code, tests and the README read.
 * Four eyes is a separate rule: whoever opened a case for a caller cannot approve it.
 */
export const staffRoles = ['agent', 'reviewer', 'supervisor', 'auditor', 'admin'] as const;
export type StaffRole = (typeof staffRoles)[number];

export const permissions = {
  'case.read': ['agent', 'reviewer', 'supervisor', 'auditor'],
  'case.open': ['agent', 'supervisor'],
  'case.assign_self': ['reviewer', 'supervisor'],
  'case.assign_other': ['supervisor'],
  'case.request_info': ['agent', 'reviewer', 'supervisor'],
  'case.decide': ['reviewer', 'supervisor'],
  'case.note': ['agent', 'reviewer', 'supervisor'],
  'line.suspend': ['agent', 'supervisor'],
  'staff.manage': ['admin'],
} as const satisfies Record<string, readonly StaffRole[]>;

export type Permission = keyof typeof permissions;

export function may(role: StaffRole, what: Permission): boolean {
  return (permissions[what] as readonly StaffRole[]).includes(role);
}
