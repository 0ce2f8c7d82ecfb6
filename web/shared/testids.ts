/**
 * The `data-testid` values the shared components render. Each app's testids.ts (import-free, as
 * the tests read it) lists them again under the same names; test/web/testids.test.ts keeps the
 * three in step.
 */
export const sharedIds = {
  langSwitch: 'lang-switch',
  confirmDialog: 'confirm-dialog',
  dialogCancel: 'dialog-cancel',
} as const;

/** The refund choice (components/RefundChoice.tsx): a method's radio and a field of it; each is also the element's id. */
export const refundId = (method: string) => `refund-${method}`;
export const refundFieldId = (field: string) => `refund-field-${field}`;
