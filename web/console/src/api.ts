/**
 * The API client of the console: typed calls to /api/v1/staff/… (docs/console-api.md) over the
 * shared request core (web/shared/http.ts: one ApiError). The session is the httpOnly cookie the
 * browser sends by itself; every change also carries the session's CSRF token. A 401 on any call
 * but the log-in ends the session here and sends the user to the log-in page, then back to where
 * they were.
 */
import { apiBase, isApiError, send } from '@shared/http';
import type { RefundRequest } from '@shared/shapes';
import { caseStates } from '../../../src/domain/case-machine';
import { caseChannels } from '../../../src/domain/channels';
import { callFacts, callOutcomes } from '../../../src/domain/hotline';
import { pauseReasons } from '../../../src/domain/sla';
import type { StaffRole } from '../../../src/domain/roles';
import { partnerBindings, partnerKinds } from '../../../src/domain/partners';
import type { CaseChannel, CaseLink, SlaBadge } from '@api/common';
import type { DemoLogins, StaffSession } from '@api/identity';
import type { PrecheckItem } from '@api/lines';
import type {
  ApplicationReceipt,
  ApprovalPreview,
  PrecheckAtSubmission,
  CaseAssigned,
  CaseCall,
  CaseDocument,
  CaseStep,
  InformationRequested,
  PauseReason,
  Queue,
  QueueItem,
  ReasonTemplates,
  StaffCase,
  StaffCommunication,
} from '@api/cases';
import type { Call, Caller, CallbackItem, FactChecked } from '@api/hotline';
import type { Notifications, StaffNotification } from '@api/staff';
import type { Compliance, Dashboard } from '@api/sla';
import type { AuditPage, AuditRow, AuditVerification } from '@api/evidence';
import type { DeadLetter, DeadLetterRetried } from '@api/operations';
import type { delivery, partnerActivity, partners, partnerWithKey } from '@api/partners';
import type { z } from 'zod';
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

// ---- Shapes: the answers' types come from the API's own response schemas (src/http/responses) --

export type { StaffRole, CaseLink, DemoLogins, StaffSession, PrecheckItem, ApplicationReceipt, CaseCall, CaseDocument, QueueItem, ReasonTemplates };
export type { PrecheckAtSubmission, ApprovalPreview };
export type { StaffCase as CaseDetail, StaffCommunication as Communication, FactChecked as VerifyAnswer, Compliance as Share };
export type { Call, Caller, CallbackItem, StaffNotification, Dashboard, AuditRow, AuditVerification, DeadLetter };

export { caseStates, callOutcomes, callFacts as facts };
export type Channel = CaseChannel;
export const channels = caseChannels;
export type Sla = SlaBadge;
export const slaValues: readonly Sla[] = ['on_track', 'due_soon', 'overdue', 'paused'];
export type InfoReason = PauseReason;
export const infoReasons = pauseReasons;
export type CallState = Call['state'];
export type Fact = FactChecked['fact'];
export type CallOutcome = NonNullable<Call['outcome']>;
export type CallbackState = CallbackItem['state'];

// The partner answers' schemas export no types of their own: inferred here, as erased type imports.
export type PartnerItem = z.infer<typeof partners>['items'][number];
export type PartnerWithKey = z.infer<typeof partnerWithKey>;
export type Partner = Omit<PartnerWithKey, 'apiKey'>;
export type PartnerActivity = z.infer<typeof partnerActivity>;
export type PartnerHook = PartnerActivity['hooks'][number];
export type Delivery = z.infer<typeof delivery>;
export type PartnerKind = PartnerItem['kind'];
export type PartnerBinding = NonNullable<PartnerItem['binding']>;
export type DeliveryStatus = Delivery['status'];
export { partnerKinds, partnerBindings };

/** What an admin sends to add a partner (a request, not an answer). */
export interface NewPartner {
  name: string;
  kind: PartnerKind;
  binding: PartnerBinding | null;
}

export interface CaseFilter {
  state?: string | undefined;
  region?: string | undefined;
  channel?: string | undefined;
  sla?: string | undefined;
  sort?: 'due' | 'submitted';
  /** Rows in the answer; the server's page (50) when left out. */
  limit?: number | undefined;
}

/** What an agent sends to open a case for a verified caller (a request, not an answer). */
export interface NewHotlineCase {
  msisdn: string;
  reason: string;
  refund?: RefundRequest;
  acknowledgements: string[];
  channel: 'hotline';
  callId?: string;
}

// ---- Calls --------------------------------------------------------------------------------

export const api = {
  session: () => request<StaffSession>('GET', '/staff/session', { quiet401: true }),
  demoLogins: () => request<DemoLogins>('GET', '/staff/demo-logins', { quiet401: true }),
  login: (user: string, password: string) => request<StaffSession>('POST', '/staff/session', { json: { user, password }, quiet401: true }),
  logout: () => request<void>('DELETE', '/staff/session', { quiet401: true }),

  cases: (f: CaseFilter) => request<Queue>('GET', `/staff/cases${query({ state: f.state, region: f.region, channel: f.channel, sla: f.sla, sort: f.sort ?? 'due', limit: f.limit?.toString() })}`),
  caseDetail: (reference: string, reveal = false) => request<StaffCase>('GET', `/staff/cases/${enc(reference)}${reveal ? '?reveal=true' : ''}`),
  assignees: () => request<{ items: { user: string; role: StaffRole }[] }>('GET', '/staff/assignees'),
  assign: (reference: string, to?: string) => request<CaseAssigned>('POST', `/staff/cases/${enc(reference)}/assign`, { json: to ? { to } : {} }),
  requestInfo: (reference: string, message: string, reason: InfoReason) =>
    request<InformationRequested>('POST', `/staff/cases/${enc(reference)}/request-info`, { json: { message, reason } }),
  approve: (reference: string, body: { note?: string; overrideReason?: string }) => request<CaseStep>('POST', `/staff/cases/${enc(reference)}/approve`, { json: body }),
  reject: (reference: string, reason: string) => request<CaseStep>('POST', `/staff/cases/${enc(reference)}/reject`, { json: { reason } }),
  note: (reference: string, text: string) => request<CaseStep>('POST', `/staff/cases/${enc(reference)}/note`, { json: { text } }),
  reasonTemplates: () => request<ReasonTemplates>('GET', '/staff/reason-templates'),
  openCase: (body: NewHotlineCase, idempotencyKey: string) =>
    request<ApplicationReceipt>('POST', '/staff/cases', { json: body, headers: { 'idempotency-key': idempotencyKey } }),

  calls: (state: CallState) => request<{ items: Call[] }>('GET', `/staff/calls?state=${state}`),
  startCall: (msisdn: string, callbackId?: string) =>
    request<{ call: Call }>('POST', '/staff/calls', { json: callbackId === undefined ? { msisdn } : { msisdn, callbackId } }),
  answerCall: (id: string) => request<{ call: Call }>('POST', `/staff/calls/${enc(id)}/answer`),
  call: (id: string) => request<{ call: Call; caller: Caller }>('GET', `/staff/calls/${enc(id)}`),
  verify: (id: string, fact: Fact, answer: string) => request<FactChecked>('POST', `/staff/calls/${enc(id)}/verify`, { json: { fact, answer } }),
  endCall: (id: string, body: { outcome: CallOutcome; note?: string; reference?: string }) => request<{ call: Call }>('POST', `/staff/calls/${enc(id)}/end`, { json: body }),
  caller: (msisdn: string) => request<Caller>('GET', `/staff/callers/${enc(msisdn)}`),
  callbacks: (state: CallbackState) => request<{ items: CallbackItem[] }>('GET', `/staff/callbacks?state=${state}`),

  notifications: () => request<Notifications>('GET', '/staff/notifications'),
  markRead: (id: number) => request<unknown>('POST', `/staff/notifications/${enc(String(id))}/read`),

  dashboard: (from?: string, to?: string) => request<Dashboard>('GET', `/staff/dashboard${query({ from, to })}`),

  audit: (ref: string, after?: number) => request<AuditPage>('GET', `/staff/audit${query({ ref, after: after ? String(after) : undefined })}`),
  verifyAudit: () => request<AuditVerification>('GET', '/staff/audit/verify'),

  deadLetters: () => request<{ items: DeadLetter[] }>('GET', '/staff/outbox/dead'),
  retryDeadLetter: (id: number) => request<DeadLetterRetried>('POST', `/staff/outbox/${enc(String(id))}/retry`),

  partners: () => request<{ items: PartnerItem[] }>('GET', '/staff/partners'),
  addPartner: (body: NewPartner) => request<PartnerWithKey>('POST', '/staff/partners', { json: body }),
  disablePartner: (id: number) => request<Partner>('POST', `/staff/partners/${enc(String(id))}/disable`),
  newPartnerKey: (id: number) => request<PartnerWithKey>('POST', `/staff/partners/${enc(String(id))}/key`),
  partnerActivity: (id: number, before?: number) =>
    request<PartnerActivity>('GET', `/staff/partners/${enc(String(id))}/deliveries${query({ before: before ? String(before) : undefined })}`),
  replayDelivery: (id: number) => request<Delivery>('POST', `/staff/partners/deliveries/${enc(String(id))}/replay`),
};

/** Same-origin addresses the browser loads itself (the cookie goes along): previews and downloads. */
export const documentUrl = (reference: string, id: string) => `${apiBase}/staff/cases/${enc(reference)}/documents/${enc(id)}`;
export const evidenceUrl = (reference: string) => `${apiBase}/staff/cases/${enc(reference)}/evidence`;
