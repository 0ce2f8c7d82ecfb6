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
