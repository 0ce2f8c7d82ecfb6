/**
 * The API client of the console: typed calls to /api/v1/staff/… (docs/console-api.md) over the
 * shared request core (web/shared/http.ts: one ApiError). The session is the httpOnly cookie the
 * browser sends by itself; every change also carries the session's CSRF token. A 401 on any call
 * but the log-in ends the session here and sends the user to the log-in page, then back to where
 * they were.
 */
import type { StaffRole } from '../../../src/domain/roles';
import { apiBase, isApiError, send } from '@shared/http';
import type { CaseEvent, CaseState, LineStatus, RefundMethod } from '@shared/shapes';
import { csrfToken, sessionEnded } from './session';

interface RequestOptions {
  json?: unknown;
  headers?: Record<string, string>;
  /** The log-in and the session probe answer 401 as a normal outcome: no redirect. */
  quiet401?: boolean;
}

async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const { quiet401, ...rest } = options;
  const headers: Record<string, string> = { ...rest.headers };
  if (method !== 'GET' && method !== 'HEAD') {
    const csrf = csrfToken();
    if (csrf) headers['x-csrf-token'] = csrf;
  }
  try {
    return await send<T>(method, path, { ...rest, headers });
  } catch (e) {
    if (isApiError(e) && e.status === 401 && !quiet401) sessionEnded();
    throw e;
  }
}

const enc = encodeURIComponent;

function query(params: Record<string, string | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

// ---- Shapes (docs/console-api.md) ---------------------------------------------------------

export type { StaffRole };
export const caseStates: readonly CaseState[] = ['submitted', 'in_review', 'awaiting_customer', 'approved', 'rejected', 'withdrawn', 'completed'];
export type Channel = 'web' | 'form' | 'email' | 'hotline' | 'sms';
export const channels: readonly Channel[] = ['web', 'form', 'email', 'hotline', 'sms'];
export type Sla = 'on_track' | 'due_soon' | 'overdue' | 'paused';
export const slaValues: readonly Sla[] = ['on_track', 'due_soon', 'overdue', 'paused'];
export type InfoReason = 'documents' | 'identity' | 'bindings' | 'balance' | 'other';
export const infoReasons: readonly InfoReason[] = ['documents', 'identity', 'bindings', 'balance', 'other'];

export interface StaffSession {
  user: string;
  role: StaffRole;
  csrfToken: string;
}

export interface CaseLink {
  reference: string;
  channel: string;
}

export interface QueueItem {
  reference: string;
  state: CaseState;
  channel: string;
  region: string;
  msisdn: string;
  receivedOn: string;
  dueOn: string;
  dueProvisional: boolean;
  sla: Sla | null;
  breached?: boolean;
  pauseReason?: string | null;
  duplicateOf?: CaseLink[];
  assignee: string | null;
  openedBy: string | null;
}

export interface CaseFilter {
  state?: string | undefined;
  region?: string | undefined;
  channel?: string | undefined;
  sla?: string | undefined;
  sort?: 'due' | 'submitted';
}

export interface PrecheckItem {
  code: string;
  kind: 'blocking' | 'advisory';
  message?: string;
  amountMinor?: number;
  currency?: string;
  contractEnd?: string;
  remainingMonths?: number;
  chargeMinor?: number;
  service?: string;
}

export interface Communication {
  id?: string | number;
  channel: string;
  direction: string;
  template: string;
  to?: string;
  subject: string;
  text: string;
  status: string;
  createdAt: string;
  sentAt: string | null;
}

export interface CaseDocument {
  id: string;
  kind?: string;
  name: string;
  contentType: string;
  sizeBytes?: number;
  size?: number;
  sha256: string;
  uploadedAt: string;
  uploadedBy?: string;
}

export interface CaseCall {
  id: string;
  direction: 'in' | 'out';
  agent: string | null;
  facts: string[];
  outcome: string | null;
  note?: string | null;
  receivedAt: string;
  endedAt: string | null;
}

export interface CaseDetail {
  reference: string;
  state: CaseState;
  channel: string;
  region: string;
  reason: string;
  msisdn: string;
  lineStatus: LineStatus;
  subscriber: { name: string; idType: string; idNumber: string; email: string; masked: boolean; language: string } | null;
  submittedAt: string;
  receivedOn: string;
  dueOn: string;
  dueProvisional: boolean;
  calendarVersion?: string | null;
  paused: boolean;
  pausedWorkingDays?: number;
  pauseReason?: string | null;
  sla: Sla | null;
  breached?: boolean;
  breachedAt?: string | null;
  warnedAt?: string | null;
  duplicateOf?: CaseLink[];
  assignee: string | null;
  openedBy: string | null;
  decidedBy: string | null;
  precheck: { items: PrecheckItem[] } | null;
  receiptSha256: string | null;
  documents: CaseDocument[];
  history: CaseEvent[];
  communications: Communication[];
  calls?: CaseCall[];
  /** The case events the state allows now. */
  allowed?: string[];
  fourEyes?: { openedBy: string | null; mayApprove: boolean; why?: string };
}

export interface ReasonTemplates {
  reject: { code: string; text: Record<string, string> }[];
  requestInfo: { code: string; reason: InfoReason; text: Record<string, string> }[];
}

export type CallState = 'ringing' | 'active' | 'ended';
export type Fact = 'name' | 'id_number' | 'email' | 'iccid_last6';
export const facts: readonly Fact[] = ['name', 'id_number', 'email', 'iccid_last6'];
export type CallOutcome = 'case_opened' | 'status_given' | 'not_verified' | 'callback_done' | 'no_answer' | 'other';
export const callOutcomes: readonly CallOutcome[] = ['case_opened', 'status_given', 'not_verified', 'callback_done', 'no_answer', 'other'];

export interface Call {
  id: string;
  msisdn: string;
  direction: 'in' | 'out';
  state: CallState;
  agent: string | null;
  facts: string[];
  verified: boolean;
  triesLeft: number;
  outcome: CallOutcome | null;
  reference: string | null;
  callbackId: string | number | null;
  receivedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
}

export interface Caller {
  msisdn: string;
  known: boolean;
  region?: string;
  lineStatus?: LineStatus;
  maskedName?: string;
  language?: string;
  openCase?: { reference: string; state: CaseState; dueOn: string; sla: Sla | null; paused: boolean } | null;
  cases?: { reference: string; state: CaseState; channel: string; submittedAt: string; dueOn: string }[];
  callbacks?: { id: string | number; state: string; preferredTime: string | null; requestedAt: string }[];
  duplicates?: CaseLink[];
  /** Not in the spec yet: when the server adds the line's pre-check, the desk shows it up front. */
  precheck?: { items: PrecheckItem[] } | null;
}

export interface VerifyAnswer {
  fact: Fact;
  confirmed: boolean;
  facts: string[];
  verified: boolean;
  triesLeft: number;
}

export interface CallbackItem {
  id: string | number;
  msisdn: string;
  maskedName: string | null;
  region: string;
  language: string;
  phone: string | null;
  preferredTime: string | null;
  note: string | null;
  state: 'waiting' | 'done' | 'cancelled';
  requestedAt: string;
  handledAt: string | null;
  handledBy: string | null;
}

export interface StaffNotification {
  id: string | number;
  kind: 'sla_due_soon' | 'sla_overdue' | 'case_lapsed' | 'case_assigned' | 'customer_replied';
  reference: string;
  dueOn: string | null;
  createdAt: string;
  read: boolean;
}

export interface Share {
  decided: number;
  onTime: number;
  share: number | null;
}

export interface Dashboard {
  from: string;
  to: string;
  generatedAt: string;
  openByState: Record<'submitted' | 'in_review' | 'awaiting_customer' | 'approved', number>;
  compliance: {
    overall: Share;
    byWeek: (Share & { week: string })[];
    byChannel: (Share & { channel: string })[];
    byPauseReason: (Share & { reason: string })[];
  };
  ageing: { bucket: string; count: number }[];
  intake: ({ day: string } & Record<Channel, number>)[];
  callbacksWaiting: number;
  breachedOpen: number;
}

export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  data: unknown;
  hash: string;
  prevHash: string;
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  firstBroken?: { seq: number; [k: string]: unknown } | null;
}

export interface ApplicationReceipt {
  reference: string;
  state: CaseState;
  receivedOn: string;
  dueOn: string;
}

export interface NewHotlineCase {
  msisdn: string;
  reason: string;
  refund?: { method: RefundMethod };
  acknowledgements: string[];
  channel: 'hotline';
  callId?: string;
}

// ---- Calls --------------------------------------------------------------------------------

export const api = {
  session: () => request<StaffSession>('GET', '/staff/session', { quiet401: true }),
  demoLogins: () => request<{ users: { user: string; role: StaffRole }[]; password: string }>('GET', '/staff/demo-logins', { quiet401: true }),
  login: (user: string, password: string) => request<StaffSession>('POST', '/staff/session', { json: { user, password }, quiet401: true }),
  logout: () => request<void>('DELETE', '/staff/session', { quiet401: true }),

  cases: (f: CaseFilter) =>
    request<{ items: QueueItem[]; matching?: number; truncated?: boolean }>('GET', `/staff/cases${query({ state: f.state, region: f.region, channel: f.channel, sla: f.sla, sort: f.sort ?? 'due' })}`),
  caseDetail: (reference: string, reveal = false) => request<CaseDetail>('GET', `/staff/cases/${enc(reference)}${reveal ? '?reveal=true' : ''}`),
  assignees: () => request<{ items: { user: string; role: StaffRole }[] }>('GET', '/staff/assignees'),
  assign: (reference: string, to?: string) => request<unknown>('POST', `/staff/cases/${enc(reference)}/assign`, { json: to ? { to } : {} }),
  requestInfo: (reference: string, message: string, reason: InfoReason) =>
    request<unknown>('POST', `/staff/cases/${enc(reference)}/request-info`, { json: { message, reason } }),
  approve: (reference: string, body: { note?: string; overrideReason?: string }) => request<unknown>('POST', `/staff/cases/${enc(reference)}/approve`, { json: body }),
  reject: (reference: string, reason: string) => request<unknown>('POST', `/staff/cases/${enc(reference)}/reject`, { json: { reason } }),
  note: (reference: string, text: string) => request<unknown>('POST', `/staff/cases/${enc(reference)}/note`, { json: { text } }),
  reasonTemplates: () => request<ReasonTemplates>('GET', '/staff/reason-templates'),
  openCase: (body: NewHotlineCase, idempotencyKey: string) =>
    request<ApplicationReceipt>('POST', '/staff/cases', { json: body, headers: { 'idempotency-key': idempotencyKey } }),

  calls: (state: CallState) => request<{ items: Call[] }>('GET', `/staff/calls?state=${state}`),
  startCall: (msisdn: string, callbackId?: string | number) =>
    request<{ call: Call }>('POST', '/staff/calls', { json: callbackId === undefined ? { msisdn } : { msisdn, callbackId } }),
  answerCall: (id: string) => request<{ call: Call }>('POST', `/staff/calls/${enc(id)}/answer`),
  call: (id: string) => request<{ call: Call; caller: Caller }>('GET', `/staff/calls/${enc(id)}`),
  verify: (id: string, fact: Fact, answer: string) => request<VerifyAnswer>('POST', `/staff/calls/${enc(id)}/verify`, { json: { fact, answer } }),
  endCall: (id: string, body: { outcome: CallOutcome; note?: string; reference?: string }) => request<{ call: Call }>('POST', `/staff/calls/${enc(id)}/end`, { json: body }),
  caller: (msisdn: string) => request<Caller>('GET', `/staff/callers/${enc(msisdn)}`),
  callbacks: (state: 'waiting' | 'done' | 'cancelled') => request<{ items: CallbackItem[] }>('GET', `/staff/callbacks?state=${state}`),

  notifications: () => request<{ items: StaffNotification[]; unread: number }>('GET', '/staff/notifications'),
  markRead: (id: string | number) => request<unknown>('POST', `/staff/notifications/${enc(String(id))}/read`),

  dashboard: (from?: string, to?: string) => request<Dashboard>('GET', `/staff/dashboard${query({ from, to })}`),

  audit: (ref: string, after?: number) => request<{ items: AuditRow[]; next: number | null }>('GET', `/staff/audit${query({ ref, after: after ? String(after) : undefined })}`),
  verifyAudit: () => request<AuditVerification>('GET', '/staff/audit/verify'),
};

/** Same-origin addresses the browser loads itself (the cookie goes along): previews and downloads. */
export const documentUrl = (reference: string, id: string) => `${apiBase}/staff/cases/${enc(reference)}/documents/${enc(id)}`;
export const evidenceUrl = (reference: string) => `${apiBase}/staff/cases/${enc(reference)}/evidence`;
