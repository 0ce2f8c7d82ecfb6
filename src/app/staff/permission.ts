import type { Actor } from '../context.js';
import { forbidden } from '../../domain/errors.js';
import { may, type Permission, type StaffRole } from '../../domain/roles.js';

/** A logged-in staff member as a use case sees them. */
export type StaffActor = Extract<Actor, { kind: 'staff' }> & { role: StaffRole; csrfToken?: string };

/** The role table (domain/roles.ts) decides; every staff use case asks here first. */
export function requirePermission(actor: StaffActor, what: Permission): void {
  if (!may(actor.role, what)) throw forbidden('forbidden', `The ${actor.role} role may not do this (${what}).`);
}
