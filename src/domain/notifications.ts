/** What a staff member is told about in the console's bell. */
export const notificationKinds = ['sla_due_soon', 'sla_overdue', 'case_lapsed', 'case_assigned', 'customer_replied'] as const;
export type NotificationKind = (typeof notificationKinds)[number];
