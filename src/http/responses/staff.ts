/** What a staff member sees of the staff: the bell's notifications, the log-ins an admin manages. */
import { z } from 'zod';
import { notificationKinds } from '../../domain/notifications.js';
import { count, instant, isoDate } from './common.js';
import { staffRole } from './identity.js';

export const staffNotification = z.object({
  id: z.number().int(),
  kind: z.enum(notificationKinds),
  reference: z.string(),
  dueOn: isoDate,
  createdAt: instant,
  read: z.boolean(),
});

export const notifications = z.object({ items: z.array(staffNotification), unread: count });
export const notificationRead = z.object({ id: z.number().int(), read: z.boolean() });

export const staffUser = z.object({ user: z.string(), role: staffRole, demo: z.boolean(), disabled: z.boolean(), createdAt: instant });
export const staffUsers = z.object({ items: z.array(staffUser) });
export const staffUserCreated = z.object({ user: z.string(), role: staffRole });
export const staffUserDisabled = z.object({ user: z.string(), disabled: z.boolean() });
export const staffUserUnlocked = z.object({ user: z.string(), locked: z.boolean() });

export type StaffNotification = z.infer<typeof staffNotification>;
export type Notifications = z.infer<typeof notifications>;
export type StaffUser = z.infer<typeof staffUser>;
