/**
 * The portal's API client: typed calls to /api/v1 over the shared request core
 * (web/shared/http.ts: one ApiError with status, code, message, details, retryAfter).
 * An authenticated call carries the bearer token; a 401 (invalid_token / unauthenticated) on it
 * ends the session and sends the user back to /verify, then back to where they were.
 */
import { ApiError, isApiError, send, type SendOptions } from '@shared/http';
import type { RefundRequest } from '@shared/shapes';
import type { VerificationChannel, VerificationStarted, CustomerToken } from '@api/identity';
import type { LineView, Precheck } from '@api/lines';
import type { ApplicationReceipt, CaseDocument, CaseStep, CustomerCase } from '@api/cases';
import type { ServiceHours } from '@api/sla';
import type { CallbackRequested } from '@api/hotline';
import type { Channels } from '@api/channels';
import { getSession, sessionExpired } from './session';

async function request<T>(method: string, path: string, options: SendOptions & { auth?: boolean } = {}): Promise<T> {
  const { auth, ...rest } = options;
  if (!auth) return send<T>(method, path, rest);
  const session = getSession();
  if (!session || Date.parse(session.expiresAt) <= Date.now()) {
    sessionExpired();
    throw new ApiError(401, 'unauthenticated', 'Verify your identity first.');
  }
  try {
    return await send<T>(method, path, { ...rest, headers: { ...rest.headers, authorization: `Bearer ${session.token}` } });
  } catch (e) {
    if (isApiError(e) && e.status === 401 && (e.code === 'invalid_token' || e.code === 'unauthenticated')) sessionExpired();
    throw e;
  }
}

const enc = encodeURIComponent;

// ---- Shapes: the answers' types come from the API's own response schemas (src/http/responses) --

export type { VerificationChannel, VerificationStarted, CustomerToken as Token } from '@api/identity';
export type { LineView, Money, Precheck, PrecheckItem } from '@api/lines';
export type { ApplicationReceipt, CaseDocument, CustomerCase as CaseView, CustomerCommunication as Communication } from '@api/cases';
export type { ServiceHours } from '@api/sla';
export type { CallbackRequested as Callback } from '@api/hotline';

export interface CallbackRequest {
  msisdn: string;
  phone?: string;
  preferredTime?: string;
  note?: string;
}

export interface ApplicationInput {
  msisdn: string;
  reason: string;
  refund?: RefundRequest;
  acknowledgements: string[];
}

// ---- Calls --------------------------------------------------------------------------------

export const api = {
  startVerification: (body: { msisdn: string; name: string; idNumber: string; email: string; channel: VerificationChannel }) =>
    request<VerificationStarted>('POST', '/verifications', { json: body }),

  confirmVerification: (id: string, code: string) => request<CustomerToken>('POST', `/verifications/${enc(id)}/confirm`, { json: { code } }),

  lines: () => request<{ items: LineView[] }>('GET', '/lines', { auth: true }),

  line: (msisdn: string) => request<LineView>('GET', `/lines/${enc(msisdn)}`, { auth: true }),

  precheck: (msisdn: string) => request<Precheck>('GET', `/lines/${enc(msisdn)}/precheck`, { auth: true }),

  setBinding: (msisdn: string, kind: string, state: 'unbound' | 'bound') =>
    request<LineView>('PUT', `/lines/${enc(msisdn)}/bindings/${enc(kind)}`, { auth: true, json: { state } }),

  suspend: (msisdn: string) => request<LineView>('POST', `/lines/${enc(msisdn)}/suspension`, { auth: true }),
  restore: (msisdn: string) => request<LineView>('POST', `/lines/${enc(msisdn)}/restore`, { auth: true }),

  apply: (input: ApplicationInput, idempotencyKey: string) =>
    request<ApplicationReceipt>('POST', '/cancellations', { auth: true, json: input, headers: { 'idempotency-key': idempotencyKey } }),

  /** The paper-form channel: the signed form travels as the `form` file part. */
  applyWithForm: (input: ApplicationInput, file: File, idempotencyKey: string) => {
    const form = new FormData();
    form.append('msisdn', input.msisdn);
    form.append('reason', input.reason);
    // One field carries the choice: the method alone, or with its details as JSON.
    if (input.refund) form.append('refund', input.refund.method === 'original_payment' ? input.refund.method : JSON.stringify(input.refund));
    for (const code of input.acknowledgements) form.append('acknowledgements', code);
    form.append('form', file, file.name);
    return request<ApplicationReceipt>('POST', '/cancellations', { auth: true, form, headers: { 'idempotency-key': idempotencyKey } });
  },

  caseView: (reference: string) => request<CustomerCase>('GET', `/cancellations/${enc(reference)}`, { auth: true }),

  reply: (reference: string, text: string) => request<CaseStep>('POST', `/cancellations/${enc(reference)}/replies`, { auth: true, json: { text } }),

  uploadDocuments: (reference: string, files: File[], note?: string) => {
    const form = new FormData();
    if (note) form.append('note', note);
    for (const f of files) form.append('file', f, f.name);
    return request<{ documents: CaseDocument[] }>('POST', `/cancellations/${enc(reference)}/documents`, { auth: true, form });
  },

  withdraw: (reference: string) => request<CaseStep>('POST', `/cancellations/${enc(reference)}/withdraw`, { auth: true }),

  receipt: (reference: string) => request<Blob>('GET', `/cancellations/${enc(reference)}/receipt.pdf`, { auth: true, as: 'blob' }),

  /** Blank without a line; pre-filled for the verified customer's line with one. */
  form: (lang: string, msisdn?: string) => {
    const q = new URLSearchParams({ lang });
    if (msisdn) q.set('msisdn', msisdn);
    return request<Blob>('GET', `/forms/cancellation.pdf?${q.toString()}`, { auth: msisdn !== undefined, as: 'blob' });
  },

  serviceHours: (region: string) => request<ServiceHours>('GET', `/service-hours?region=${enc(region)}`),

  /** Where a signed form can be mailed (null when mail-in is off), and the SMS short code. */
  channels: () => request<Channels>('GET', '/channels'),

  callback: (body: CallbackRequest) => request<CallbackRequested>('POST', '/callbacks', { auth: true, json: body }),
};
