/**
 * The API client: typed calls to /api/v1 and one error type. Every error the server sends is
 * `{"error": {"code", "message", "details"?}}`; a 429 also carries Retry-After (seconds).
 * A 401 (invalid_token / unauthenticated) on an authenticated call ends the session and sends
 * the user back to /verify, then back to where they were.
 */
import { getSession, sessionExpired } from './session';

const base = '/api/v1';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  /** Seconds from the Retry-After header, when the server sent one. */
  readonly retryAfter: number | undefined;

  constructor(status: number, code: string, message: string, details?: unknown, retryAfter?: number) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfter = retryAfter;
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

interface RequestOptions {
  json?: unknown;
  form?: FormData;
  auth?: boolean;
  headers?: Record<string, string>;
  as?: 'json' | 'blob';
}

async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: options.as === 'blob' ? 'application/pdf' : 'application/json', ...options.headers };
  if (options.auth) {
    const session = getSession();
    if (!session || Date.parse(session.expiresAt) <= Date.now()) {
      sessionExpired();
      throw new ApiError(401, 'unauthenticated', 'Verify your identity first.');
    }
    headers.authorization = `Bearer ${session.token}`;
  }
  let body: BodyInit | undefined;
  if (options.form) body = options.form;
  else if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  let res: Response;
  try {
    res = await fetch(base + path, { method, headers, body, credentials: 'same-origin', cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'network_error', 'The server could not be reached.');
  }
  if (!res.ok) {
    let code = `http_${res.status}`;
    let message = res.statusText;
    let details: unknown;
    try {
      const parsed = (await res.json()) as { error?: { code?: string; message?: string; details?: unknown } };
      if (parsed.error?.code) code = parsed.error.code;
      if (parsed.error?.message) message = parsed.error.message;
      details = parsed.error?.details;
    } catch {
      // Not JSON (a proxy page): keep the status.
    }
    const retry = Number(res.headers.get('retry-after'));
    const error = new ApiError(res.status, code, message, details, Number.isFinite(retry) && retry > 0 ? retry : undefined);
    if (res.status === 401 && options.auth && (code === 'invalid_token' || code === 'unauthenticated')) sessionExpired();
    throw error;
  }
  if (options.as === 'blob') return (await res.blob()) as T;
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

const enc = encodeURIComponent;

// ---- Shapes -------------------------------------------------------------------------------

export type VerificationChannel = 'sms' | 'email';
export type LineStatus = 'active' | 'suspended' | 'pending_termination' | 'terminated' | 'released';
export type CaseState = 'submitted' | 'in_review' | 'awaiting_customer' | 'approved' | 'rejected' | 'withdrawn' | 'completed';
export type RefundMethod = 'original_payment' | 'bank_transfer' | 'account_credit';
export const refundMethods: readonly RefundMethod[] = ['original_payment', 'bank_transfer', 'account_credit'];

export interface VerificationStarted {
  verificationId: string;
  channel: VerificationChannel;
  maskedDestination: string;
  expiresAt?: string;
}

export interface Token {
  token: string;
  /** On the server's clock. */
  expiresAt: string;
  /** Seconds the token lives from now; the session deadline is kept on the device's clock from it. */
  expiresIn: number;
}

export interface Money {
  amountMinor: number;
  currency: string;
}

export interface LineView {
  msisdn: string;
  region: string;
  status: LineStatus;
  statusLabel: { 'zh-CN': string; en: string };
  simType: 'physical' | 'esim';
  plan: 'prepaid' | 'postpaid';
  balance: Money;
  contractEnd: string | null;
  suspendedAt: string | null;
  terminatedOn: string | null;
  quarantineEndsOn: string | null;
  bindings: { kind: string; state: string }[];
  openCase: { reference: string; state: CaseState } | null;
}

export interface PrecheckItem {
  code: string;
  kind: 'blocking' | 'advisory';
  message: string;
  amountMinor?: number;
  currency?: string;
  contractEnd?: string;
  remainingMonths?: number;
  chargeMinor?: number;
  service?: string;
}

export interface Precheck {
  msisdn: string;
  asOf: string;
  blocking: boolean;
  items: PrecheckItem[];
}

export interface ApplicationReceipt {
  reference: string;
  state: CaseState;
  receivedOn: string;
  dueOn: string;
  dueProvisional?: boolean;
}

export interface CaseEvent {
  seq: number;
  type: string;
  from: CaseState | null;
  to: CaseState | null;
  actor: string;
  at: string;
  data?: Record<string, unknown>;
}

export interface Communication {
  channel: string;
  direction: 'in' | 'out' | string;
  template: string;
  subject: string;
  text: string;
  status: string;
  createdAt: string;
  sentAt: string | null;
}

export interface CaseDocument {
  id: string | number;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedAt: string;
}

export interface CaseView {
  reference: string;
  state: CaseState;
  channel: string;
  msisdn: string;
  submittedAt: string;
  receivedOn: string;
  dueOn: string;
  dueProvisional: boolean;
  paused: boolean;
  history: CaseEvent[];
  communications: Communication[];
  documents: CaseDocument[];
  receiptSha256: string | null;
  canWithdraw: boolean;
  canReply: boolean;
}

export interface ServiceHours {
  region: string;
  hotline: string;
  timeZone: string;
  open: boolean;
  opensAt?: string;
  closesAt?: string;
  provisional: boolean;
}

export interface CallbackRequest {
  msisdn: string;
  phone?: string;
  preferredTime?: string;
  note?: string;
}

export interface Callback {
  id: string | number;
  status: string;
  createdAt: string;
}

export interface ApplicationInput {
  msisdn: string;
  reason: string;
  refund?: { method: RefundMethod };
  acknowledgements: string[];
}

// ---- Calls --------------------------------------------------------------------------------

export const api = {
  startVerification: (body: { msisdn: string; name: string; idNumber: string; email: string; channel: VerificationChannel }) =>
    request<VerificationStarted>('POST', '/verifications', { json: body }),

  confirmVerification: (id: string, code: string) => request<Token>('POST', `/verifications/${enc(id)}/confirm`, { json: { code } }),

  lines: () => request<{ items: LineView[] }>('GET', '/lines', { auth: true }),

  line: (msisdn: string) => request<LineView>('GET', `/lines/${enc(msisdn)}`, { auth: true }),

  precheck: (msisdn: string) => request<Precheck>('GET', `/lines/${enc(msisdn)}/precheck`, { auth: true }),

  setBinding: (msisdn: string, kind: string, state: 'unbound' | 'bound') =>
    request<LineView>('PUT', `/lines/${enc(msisdn)}/bindings/${enc(kind)}`, { auth: true, json: { state } }),

  suspend: (msisdn: string) => request<LineView>('POST', `/lines/${enc(msisdn)}/suspension`, { auth: true }),

  apply: (input: ApplicationInput, idempotencyKey: string) =>
    request<ApplicationReceipt>('POST', '/cancellations', { auth: true, json: input, headers: { 'idempotency-key': idempotencyKey } }),

  /** The paper-form channel: the signed form travels as the `form` file part. */
  applyWithForm: (input: ApplicationInput, file: File, idempotencyKey: string) => {
    const form = new FormData();
    form.append('msisdn', input.msisdn);
    form.append('reason', input.reason);
    if (input.refund) form.append('refund', input.refund.method);
    for (const code of input.acknowledgements) form.append('acknowledgements', code);
    form.append('form', file, file.name);
    return request<ApplicationReceipt>('POST', '/cancellations', { auth: true, form, headers: { 'idempotency-key': idempotencyKey } });
  },

  caseView: (reference: string) => request<CaseView>('GET', `/cancellations/${enc(reference)}`, { auth: true }),

  reply: (reference: string, text: string) => request<unknown>('POST', `/cancellations/${enc(reference)}/replies`, { auth: true, json: { text } }),

  uploadDocuments: (reference: string, files: File[], note?: string) => {
    const form = new FormData();
    if (note) form.append('note', note);
    for (const f of files) form.append('file', f, f.name);
    return request<{ documents: CaseDocument[] }>('POST', `/cancellations/${enc(reference)}/documents`, { auth: true, form });
  },

  withdraw: (reference: string) => request<unknown>('POST', `/cancellations/${enc(reference)}/withdraw`, { auth: true }),

  receipt: (reference: string) => request<Blob>('GET', `/cancellations/${enc(reference)}/receipt.pdf`, { auth: true, as: 'blob' }),

  /** Blank without a line; pre-filled for the verified customer's line with one. */
  form: (lang: string, msisdn?: string) => {
    const q = new URLSearchParams({ lang });
    if (msisdn) q.set('msisdn', msisdn);
    return request<Blob>('GET', `/forms/cancellation.pdf?${q.toString()}`, { auth: msisdn !== undefined, as: 'blob' });
  },

  serviceHours: (region: string) => request<ServiceHours>('GET', `/service-hours?region=${enc(region)}`),

  callback: (body: CallbackRequest) => request<Callback>('POST', '/callbacks', { auth: true, json: body }),
};

/** Field paths of a 400 validation_failed answer. */
export function invalidFields(error: ApiError): Map<string, string> {
  const out = new Map<string, string>();
  const issues = (error.details as { issues?: { path?: string; message?: string }[] } | undefined)?.issues;
  if (Array.isArray(issues)) {
    for (const i of issues) {
      const field = (i.path ?? '').split('.')[0] ?? '';
      if (field && !out.has(field)) out.set(field, i.message ?? '');
    }
  }
  return out;
}
