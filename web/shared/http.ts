/**
 * The request core both API clients share: one call to /api/v1 and one error type. Every error
 * the server sends is `{"error": {"code", "message", "details"?}}`; a 429 also carries
 * Retry-After (seconds). What a call adds (the portal's bearer token, the console's CSRF token)
 * and what a 401 does are each app's own, in its api.ts.
 */

export const apiBase = '/api/v1';

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

export interface SendOptions {
  json?: unknown;
  form?: FormData;
  headers?: Record<string, string>;
  as?: 'json' | 'blob';
}

async function errorOf(res: Response): Promise<ApiError> {
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
  return new ApiError(res.status, code, message, details, Number.isFinite(retry) && retry > 0 ? retry : undefined);
}

/** Sends one request; answers the parsed JSON (or the blob), throws an ApiError for anything else. */
export async function send<T>(method: string, path: string, options: SendOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: options.as === 'blob' ? 'application/pdf' : 'application/json', ...options.headers };
  let body: BodyInit | undefined;
  if (options.form) body = options.form;
  else if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  let res: Response;
  try {
    res = await fetch(apiBase + path, { method, headers, body, credentials: 'same-origin', cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'network_error', 'The server could not be reached.');
  }
  if (!res.ok) throw await errorOf(res);
  if (options.as === 'blob') return (await res.blob()) as T;
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

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
