/**
 * The `data-testid` values of the staff console, for end-to-end tests (test/e2e/console.test.ts).
 * No imports: the tests import this file as it is.
 *
 * Every page
 *   lang-switch, user-name, user-role, sign-out, nav (the <nav>), nav-<page> (desk, queue,
 *   dashboard, audit, outbox, partners), page-error, forbidden (a page the role may not use)
 *   bell (button, data-unread="<n>"), bell-count, notifications (the list),
 *   notification (each item, data-reference), notifications-error
 *   confirm-dialog, dialog-cancel
 *
 * /console/login
 *   login-form, login-user, login-password, login-submit, login-error (data-code), login-expired
 *
 * /console/desk (agent, supervisor)
 *   desk-tab-calls, desk-tab-callbacks (tabs), incoming (the pop-up region),
 *   incoming-call (each ringing call, data-call-id), incoming-answer (its button)
 *   lookup-form, lookup-msisdn, lookup-submit
 *   call-panel (data-call-id, data-state), call-answer (a ringing call opened by link),
 *   call-caller (masked number until verified), call-direction
 *   caller-summary, caller-unknown, caller-line-status (data-status), caller-name,
 *   caller-open-case (data-reference), caller-where (the "where is my case" sentence),
 *   caller-cases, caller-duplicates, caller-callbacks
 *   verify-script (data-verified="true|false"), verify-tries, verify-locked, verify-done,
 *   verify-<fact>-input, verify-<fact>-submit, verify-<fact>-result (data-confirmed)
 *     (fact: name, id_number, email, iccid_last6)
 *   open-case-form, open-case-reason, open-case-reason-text, open-case-acks,
 *   ack-<code> (checkbox), refund-<method> (radio), refund-field-<field> (holderName, bankName, accountNumber, otherMsisdn), open-case-submit, case-opened (data-reference),
 *   case-already-open (data-reference)
 *   end-call-form, end-outcome, end-note, end-submit, call-ended
 *   callbacks (the table), callback-row (data-callback-id), callback-call (its button), callbacks-empty
 *
 * /console/queue
 *   queue-filters, filter-state, filter-region, filter-channel, filter-sla, filter-submit,
 *   filter-clear, queue-count, queue-table, queue-row (data-reference, data-state, data-sla),
 *   queue-empty, sla-badge (data-sla), state-badge (data-state), breached-flag, duplicate-flag
 *
 * /console/cases/<reference>
 *   case-reference, case-state (data-state), case-due, case-paused, case-sla (data-sla),
 *   case-breached, case-duplicates, case-assignee
 *   subscriber, subscriber-name, subscriber-id-number, subscriber-email, reveal, reveal-confirm
 *   line, precheck (the pre-check now), precheck-<code>, precheck-submitted (the pre-check frozen
 *   at submission, data-source="receipt|event"), precheck-submitted-<code> (data-kind,
 *   data-acknowledged="true|false"), precheck-ack (in each: the acknowledgement and when),
 *   precheck-declarations (a binding's later declarations, li data-state), documents, document (each, data-document-id),
 *   document-preview (button), document-frame (iframe or img)
 *   messages, calls, notes, history (the timeline, li: history-event with data-type and
 *   data-known="true|false"; in it history-text, the words people read, and history-details,
 *   the technical-details disclosure)
 *   four-eyes, actions, action-done (status after an action), action-error
 *   action-assign
 *   action-request-info, request-info-form, request-info-reason, request-info-message, request-info-submit
 *   action-approve, approve-form, approve-summary (what approving sets going), approve-settlement
 *   (data-kind="refund|final_bill|none"), approve-partners, approve-quarantine, approve-note,
 *   approve-override, approve-submit
 *   action-reject, reject-form, reject-template, reject-reason, reject-submit
 *   note-form, note-text, note-submit
 *
 * /console/dashboard
 *   dashboard-filters, dashboard-from, dashboard-to, dashboard-submit, dashboard-period,
 *   kpi-open, kpi-breached, kpi-callbacks, kpi-compliance, kpi-network-drift,
 *   chart-<name> (the <figure>, data-drawn="true" once drawn), chart-canvas-<name>,
 *   chart-table-<name>, chart-toggle-<name>
 *     (name: open-by-state, compliance-week, compliance-channel, compliance-pause, ageing, intake)
 *
 * /console/audit
 *   audit-verify, audit-verify-result (data-ok), audit-search-form, audit-ref, audit-search-submit,
 *   audit-table, audit-row (data-seq), audit-more, audit-empty, evidence-download
 *
 * /console/outbox (supervisor; admin reads)
 *   outbox-table, outbox-row (data-job-id, data-reason), outbox-retry (its button, supervisors),
 *   outbox-retried (status after a retry), outbox-error, outbox-empty
 *
 * /console/partners (supervisor, auditor, admin; admins add, re-key and disable)
 *   partners-table, partner-row (data-partner-id, data-status, data-key-id), partner-status (data-status),
 *   partner-failing (the highlighted count of failing or dead deliveries), partners-empty,
 *   partner-add-form, partner-name, partner-kind, partner-binding, partner-add-submit,
 *   partner-key (the key shown once, data-partner-id), partner-key-value, partner-key-copy, partner-key-done,
 *   partner-rotate, partner-rotate-confirm, partner-disable, partner-disable-confirm (dialog buttons),
 *   partner-done (status after an action), partner-error
 *
 * /console/partners/<id>
 *   partner-title (the h1), partner-summary, partner-not-found,
 *   hooks-table, hook-row (data-hook-id, data-kind), hooks-empty,
 *   deliveries-table, delivery-row (data-delivery-id, data-status, data-event), delivery-status (data-status),
 *   delivery-body (the <details>), delivery-replay (its button, supervisors and admins),
 *   delivery-replayed (status after a replay), delivery-error, deliveries-more, deliveries-refresh,
 *   deliveries-empty
 */
export const T = {
  langSwitch: 'lang-switch',
  userName: 'user-name',
  userRole: 'user-role',
  signOut: 'sign-out',
  nav: 'nav',
  pageError: 'page-error',
  forbidden: 'forbidden',
  bell: 'bell',
  bellCount: 'bell-count',
  notifications: 'notifications',
  notification: 'notification',
  notificationsError: 'notifications-error',
  confirmDialog: 'confirm-dialog',
  dialogCancel: 'dialog-cancel',

  loginForm: 'login-form',
  loginUser: 'login-user',
  loginPassword: 'login-password',
  loginSubmit: 'login-submit',
  loginDemo: 'login-demo',
  loginError: 'login-error',
  loginExpired: 'login-expired',

  deskTabCalls: 'desk-tab-calls',
  deskTabCallbacks: 'desk-tab-callbacks',
  incoming: 'incoming',
  incomingCall: 'incoming-call',
  incomingAnswer: 'incoming-answer',
  lookupForm: 'lookup-form',
  lookupMsisdn: 'lookup-msisdn',
  lookupSubmit: 'lookup-submit',
  callPanel: 'call-panel',
  callAnswer: 'call-answer',
  callCaller: 'call-caller',
  callDirection: 'call-direction',
  callerSummary: 'caller-summary',
  callerUnknown: 'caller-unknown',
  callerLineStatus: 'caller-line-status',
  callerName: 'caller-name',
  callerOpenCase: 'caller-open-case',
  callerWhere: 'caller-where',
  callerCases: 'caller-cases',
  callerDuplicates: 'caller-duplicates',
  callerCallbacks: 'caller-callbacks',
  verifyScript: 'verify-script',
  verifyTries: 'verify-tries',
  verifyLocked: 'verify-locked',
  verifyDone: 'verify-done',
  openCaseForm: 'open-case-form',
  openCaseReason: 'open-case-reason',
  openCaseReasonText: 'open-case-reason-text',
  openCaseAcks: 'open-case-acks',
  openCaseSubmit: 'open-case-submit',
  caseOpened: 'case-opened',
  caseAlreadyOpen: 'case-already-open',
  endCallForm: 'end-call-form',
  endOutcome: 'end-outcome',
  endNote: 'end-note',
  endSubmit: 'end-submit',
  callEnded: 'call-ended',
  callbacks: 'callbacks',
  callbackRow: 'callback-row',
  callbackCall: 'callback-call',
  callbacksEmpty: 'callbacks-empty',

  queueFilters: 'queue-filters',
  filterState: 'filter-state',
  filterRegion: 'filter-region',
  filterChannel: 'filter-channel',
  filterSla: 'filter-sla',
  filterSubmit: 'filter-submit',
  filterClear: 'filter-clear',
  queueCount: 'queue-count',
  queueTable: 'queue-table',
  queueRow: 'queue-row',
  queueDue: 'queue-due',
  queueTruncated: 'queue-truncated',
  queueMore: 'queue-more',
  queueEmpty: 'queue-empty',
  slaBadge: 'sla-badge',
  stateBadge: 'state-badge',
  breachedFlag: 'breached-flag',
  duplicateFlag: 'duplicate-flag',

  caseReference: 'case-reference',
  caseState: 'case-state',
  caseDue: 'case-due',
  casePaused: 'case-paused',
  caseSla: 'case-sla',
  caseBreached: 'case-breached',
  caseDuplicates: 'case-duplicates',
  caseAssignee: 'case-assignee',
  subscriber: 'subscriber',
  subscriberName: 'subscriber-name',
  subscriberIdNumber: 'subscriber-id-number',
  subscriberEmail: 'subscriber-email',
  reveal: 'reveal',
  revealConfirm: 'reveal-confirm',
  line: 'line',
  precheck: 'precheck',
  precheckSubmitted: 'precheck-submitted',
  precheckAck: 'precheck-ack',
  precheckDeclarations: 'precheck-declarations',
  documents: 'documents',
  document: 'document',
  documentPreview: 'document-preview',
  documentFrame: 'document-frame',
  messages: 'messages',
  calls: 'calls',
  notes: 'notes',
  history: 'history',
  historyEvent: 'history-event',
  historyText: 'history-text',
  historyDetails: 'history-details',
  fourEyes: 'four-eyes',
  actions: 'actions',
  actionDone: 'action-done',
  actionError: 'action-error',
  actionAssign: 'action-assign',
  actionGive: 'action-give',
  actionGiveTo: 'action-give-to',
  actionGiveSubmit: 'action-give-submit',
  actionRequestInfo: 'action-request-info',
  requestInfoForm: 'request-info-form',
  requestInfoReason: 'request-info-reason',
  requestInfoMessage: 'request-info-message',
  requestInfoSubmit: 'request-info-submit',
  actionApprove: 'action-approve',
  approveForm: 'approve-form',
  approveSummary: 'approve-summary',
  approveSettlement: 'approve-settlement',
  approvePartners: 'approve-partners',
  approveQuarantine: 'approve-quarantine',
  approveNote: 'approve-note',
  approveOverride: 'approve-override',
  approveSubmit: 'approve-submit',
  actionReject: 'action-reject',
  rejectForm: 'reject-form',
  rejectTemplate: 'reject-template',
  rejectReason: 'reject-reason',
  rejectSubmit: 'reject-submit',
  noteForm: 'note-form',
  noteText: 'note-text',
  noteSubmit: 'note-submit',

  dashboardFilters: 'dashboard-filters',
  dashboardFrom: 'dashboard-from',
  dashboardTo: 'dashboard-to',
  dashboardSubmit: 'dashboard-submit',
  dashboardPeriod: 'dashboard-period',
  kpiOpen: 'kpi-open',
  kpiBreached: 'kpi-breached',
  kpiCallbacks: 'kpi-callbacks',
  kpiCompliance: 'kpi-compliance',
  kpiNetworkDrift: 'kpi-network-drift',

  auditVerify: 'audit-verify',
  auditVerifyResult: 'audit-verify-result',
  auditSearchForm: 'audit-search-form',
  auditRef: 'audit-ref',
  auditSearchSubmit: 'audit-search-submit',
  auditTable: 'audit-table',
  auditRow: 'audit-row',
  auditMore: 'audit-more',
  auditEmpty: 'audit-empty',
  evidenceDownload: 'evidence-download',

  caseNetwork: 'case-network',
  caseNetworkRetry: 'case-network-retry',
  outboxTable: 'outbox-table',
  outboxRow: 'outbox-row',
  outboxRetry: 'outbox-retry',
  outboxRetried: 'outbox-retried',
  outboxError: 'outbox-error',
  outboxEmpty: 'outbox-empty',

  partnersTable: 'partners-table',
  partnerRow: 'partner-row',
  partnerStatus: 'partner-status',
  partnerFailing: 'partner-failing',
  partnersEmpty: 'partners-empty',
  partnerAddForm: 'partner-add-form',
  partnerName: 'partner-name',
  partnerKind: 'partner-kind',
  partnerBinding: 'partner-binding',
  partnerAddSubmit: 'partner-add-submit',
  partnerKey: 'partner-key',
  partnerKeyValue: 'partner-key-value',
  partnerKeyCopy: 'partner-key-copy',
  partnerKeyDone: 'partner-key-done',
  partnerRotate: 'partner-rotate',
  partnerRotateConfirm: 'partner-rotate-confirm',
  partnerDisable: 'partner-disable',
  partnerDisableConfirm: 'partner-disable-confirm',
  partnerDone: 'partner-done',
  partnerError: 'partner-error',

  partnerTitle: 'partner-title',
  partnerSummary: 'partner-summary',
  partnerNotFound: 'partner-not-found',
  hooksTable: 'hooks-table',
  hookRow: 'hook-row',
  hooksEmpty: 'hooks-empty',
  deliveriesTable: 'deliveries-table',
  deliveryRow: 'delivery-row',
  deliveryStatus: 'delivery-status',
  deliveryBody: 'delivery-body',
  deliveryReplay: 'delivery-replay',
  deliveryReplayed: 'delivery-replayed',
  deliveryError: 'delivery-error',
  deliveriesMore: 'deliveries-more',
  deliveriesRefresh: 'deliveries-refresh',
  deliveriesEmpty: 'deliveries-empty',
} as const;

export const navId = (page: string) => `nav-${page}`;
export const verifyInputId = (fact: string) => `verify-${fact}-input`;
export const verifySubmitId = (fact: string) => `verify-${fact}-submit`;
export const verifyResultId = (fact: string) => `verify-${fact}-result`;
export const ackId = (code: string) => `ack-${code}`;
export const refundId = (method: string) => `refund-${method}`;
export const refundFieldId = (field: string) => `refund-field-${field}`;
export const precheckId = (code: string) => `precheck-${code}`;
export const submittedPrecheckId = (code: string) => `precheck-submitted-${code}`;

export const chartNames = ['open-by-state', 'compliance-week', 'compliance-channel', 'compliance-pause', 'ageing', 'intake'] as const;
export type ChartName = (typeof chartNames)[number];
export const chartId = (name: ChartName) => `chart-${name}`;
export const chartCanvasId = (name: ChartName) => `chart-canvas-${name}`;
export const chartTableId = (name: ChartName) => `chart-table-${name}`;
export const chartToggleId = (name: ChartName) => `chart-toggle-${name}`;
