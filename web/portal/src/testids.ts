/**
 * Stable `data-testid` values for the end-to-end tests. Tests may also use accessible names
 * (label texts are kept stable in the locale files). Dynamic ids are built by the functions.
 *
 * Everywhere
 *   lang-switch              the language switch button (header)
 *   steps-hotline            "Questions? Call us" beside the step indicator (the hotline is no step)
 *   current-line             the line being worked on (header, when verified)
 *   sign-out                 ends the verified session
 *   page-error               a page-level error message (role="alert")
 *
 * / (home)
 *   home-start (→ /apply), home-progress, home-account, home-lost, home-lines, home-hotline
 *
 * /verify
 *   verify-form, verify-msisdn, verify-name, verify-id-number, verify-email,
 *   verify-channel-sms, verify-channel-email, verify-submit
 *   verify-sent              "If these details match … we have sent a code to …"
 *   code-input, code-confirm, code-error, code-resend, code-restart
 *   session-expired          notice after a 401 / an expired session
 *
 * /hotline
 *   hotline-region (region choice when not verified), hotline-verify-for-callback,
 *   hotline-number (tel: link), hotline-status (data-open="true|false"), hotline-opens-at,
 *   callback-form, callback-phone, callback-time, callback-note, callback-submit, callback-done
 *
 * /apply and /apply/form
 *   precheck                 the checklist; each item precheck-<code> (e.g. precheck-backup_reminder)
 *   ack-<code>               the acknowledgement checkbox of an advisory item
 *   unbind-<kind>            "I have unbound it" (kind: bank, alipay, wechat, other)
 *   refund-<method>          refund method radio (original_payment, bank_account, another_line)
 *   refund-field-<field>     its fields (holderName, bankName, accountNumber, otherMsisdn)
 *   reason, reason-text      reason select and free text
 *   apply-continue           to the review page
 *   review, review-back, declaration, review-submit, review-refund (the refund choice as reviewed)
 *   missing-acks             list of items still to acknowledge (after a 422)
 *   case-already-open        the existing case's reference and link (after a 409)
 *   paper-form-link          link to /apply/form
 *   form-lang-<lang>, form-download (pre-filled), form-download-blank,
 *   form-upload-input, form-upload-submit
 *
 * /apply/done/<reference>
 *   reference, copy-reference, submitted-at, received-on, due-on, receipt-download, receipt-link
 *   received-later           why the receipt day is a later day than the submission (after hours)
 *
 * /progress and /progress/<reference>
 *   reference-input, reference-submit, case-state, case-refund (where the credit goes, masked), timeline (li: timeline-<step>),
 *   submitted-at, received-on, received-later, due-on,
 *   decided-early            "we finished before the receipt day"
 *   clock-paused, communications, documents, reply-text, reply-files, reply-submit,
 *   withdraw, withdraw-confirm, receipt-download
 *
 * /account
 *   line-status, line-msisdn, balance, quarantine-date, terminated-on, bindings, open-case
 *
 * /lost
 *   suspend, suspend-confirm, suspend-done
 *
 * /lines
 *   lines, line-<msisdn digits> (e.g. line-8613800138000)
 *
 * Dialogs: confirm-dialog (the <dialog>), dialog-cancel.
 */
export const T = {
  langSwitch: 'lang-switch',
  currentLine: 'current-line',
  signOut: 'sign-out',
  stepsHotline: 'steps-hotline',
  pageError: 'page-error',

  homeStart: 'home-start',
  homeProgress: 'home-progress',
  homeAccount: 'home-account',
  homeLost: 'home-lost',
  homeLines: 'home-lines',
  homeHotline: 'home-hotline',

  verifyForm: 'verify-form',
  verifyMsisdn: 'verify-msisdn',
  verifyName: 'verify-name',
  verifyIdNumber: 'verify-id-number',
  verifyEmail: 'verify-email',
  verifyChannelSms: 'verify-channel-sms',
  verifyChannelEmail: 'verify-channel-email',
  verifySubmit: 'verify-submit',
  verifySent: 'verify-sent',
  codeInput: 'code-input',
  codeConfirm: 'code-confirm',
  codeError: 'code-error',
  codeResend: 'code-resend',
  codeRestart: 'code-restart',
  sessionExpired: 'session-expired',

  hotlineNumber: 'hotline-number',
  hotlineRegion: 'hotline-region',
  hotlineVerifyForCallback: 'hotline-verify-for-callback',
  hotlineStatus: 'hotline-status',
  hotlineOpensAt: 'hotline-opens-at',
  callbackForm: 'callback-form',
  callbackPhone: 'callback-phone',
  callbackTime: 'callback-time',
  callbackNote: 'callback-note',
  callbackSubmit: 'callback-submit',
  callbackDone: 'callback-done',

  precheck: 'precheck',
  reason: 'reason',
  reasonText: 'reason-text',
  applyContinue: 'apply-continue',
  review: 'review',
  reviewBack: 'review-back',
  declaration: 'declaration',
  reviewSubmit: 'review-submit',
  reviewRefund: 'review-refund',
  missingAcks: 'missing-acks',
  caseAlreadyOpen: 'case-already-open',
  paperFormLink: 'paper-form-link',
  formDownload: 'form-download',
  formDownloadBlank: 'form-download-blank',
  formUploadInput: 'form-upload-input',
  formUploadSubmit: 'form-upload-submit',

  reference: 'reference',
  copyReference: 'copy-reference',
  submittedAt: 'submitted-at',
  receivedOn: 'received-on',
  receivedLater: 'received-later',
  decidedEarly: 'decided-early',
  dueOn: 'due-on',
  receiptDownload: 'receipt-download',
  receiptLink: 'receipt-link',

  referenceInput: 'reference-input',
  referenceSubmit: 'reference-submit',
  caseRefund: 'case-refund',
  caseState: 'case-state',
  timeline: 'timeline',
  clockPaused: 'clock-paused',
  communications: 'communications',
  documents: 'documents',
  replyText: 'reply-text',
  replyFiles: 'reply-files',
  replySubmit: 'reply-submit',
  withdraw: 'withdraw',
  withdrawConfirm: 'withdraw-confirm',

  lineStatus: 'line-status',
  lineMsisdn: 'line-msisdn',
  balance: 'balance',
  quarantineDate: 'quarantine-date',
  undoUntil: 'undo-until',
  restore: 'restore',
  restoreConfirm: 'restore-confirm',
  restoreDone: 'restore-done',
  terminatedOn: 'terminated-on',
  bindings: 'bindings',
  openCase: 'open-case',

  suspend: 'suspend',
  suspendConfirm: 'suspend-confirm',
  suspendDone: 'suspend-done',

  lines: 'lines',

  confirmDialog: 'confirm-dialog',
  dialogCancel: 'dialog-cancel',
} as const;

export const precheckId = (code: string) => `precheck-${code}`;
export const ackId = (code: string) => `ack-${code}`;
export const unbindId = (kind: string) => `unbind-${kind}`;
export const refundId = (method: string) => `refund-${method}`;
export const refundFieldId = (field: string) => `refund-field-${field}`;
export const formLangId = (lang: string) => `form-lang-${lang}`;
export const timelineStepId = (step: string) => `timeline-${step}`;
export const lineId = (msisdn: string) => `line-${msisdn.replace(/\D/g, '')}`;
