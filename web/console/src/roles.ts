/**
 * What the console shows each role: the server's own permission table (src/domain/roles.ts),
 * so the nav never offers what the API would refuse. The server still checks every call.
 */
import { may, type Permission, type StaffRole } from '../../../src/domain/roles';

export { may, type Permission, type StaffRole };

export type PageName = 'desk' | 'queue' | 'dashboard' | 'audit' | 'outbox' | 'partners';

/** The permission that opens each page. */
const pageNeeds: Record<PageName, Permission[]> = {
  desk: ['call.handle'],
  queue: ['case.read'],
  dashboard: ['dashboard.read'],
  audit: ['audit.read', 'audit.verify'],
  outbox: ['outbox.read'],
  partners: ['partner.read'],
};

export const pageOrder: readonly PageName[] = ['desk', 'queue', 'dashboard', 'audit', 'outbox', 'partners'];

export const mayOpen = (role: StaffRole, page: PageName) => pageNeeds[page].some((p) => may(role, p));

/** Where each role starts after logging in: the page of its daily work. */
export function homeOf(role: StaffRole): string {
  switch (role) {
    case 'agent':
      return '/desk';
    case 'reviewer':
      return '/queue';
    case 'supervisor':
      return '/dashboard';
    case 'auditor':
    case 'admin':
      return '/audit';
  }
}
