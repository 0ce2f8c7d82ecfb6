import { errorCodes, type ErrorCode, type ErrorKind } from '../domain/error-codes.js';

/** The one place where an error's kind becomes an HTTP status. */
export const statusOfKind: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported_media: 415,
  unprocessable: 422,
  rate_limited: 429,
};

/** Codes the HTTP layer answers by itself, before or around the use cases. */
export const transportErrorCodes = {
  bad_request: { status: 400, means: 'The request is not valid HTTP, or the framework refused it.' },
  bad_url: { status: 400, means: 'The URL cannot be decoded.' },
  invalid_content_length: { status: 400, means: 'Content-Length does not match the body.' },
  invalid_json: { status: 400, means: 'The body is not valid JSON.' },
  validation_failed: { status: 400, means: 'A field of the request is missing or not valid (details.issues: in, path, message).' },
  not_found: { status: 404, means: 'No such route.' },
  no_demo_logins: { status: 404, means: 'The server has no demo staff log-ins.' },
  request_timeout: { status: 408, means: 'The request took too long to arrive.' },
  payload_too_large: { status: 413, means: 'The body is larger than the route takes.' },
  uri_too_long: { status: 414, means: 'A path parameter is too long.' },
  unsupported_charset: { status: 415, means: 'The body is in a character set other than UTF-8.' },
  headers_too_large: { status: 431, means: 'The request headers are larger than 16 KiB.' },
  internal_error: { status: 500, means: 'A fault on the server; it has been logged.' },
  not_ready: { status: 503, means: 'The database cannot be reached (GET /readyz).' },
} as const satisfies Record<string, { status: number; means: string }>;

export type TransportErrorCode = keyof typeof transportErrorCodes;
export type AnyErrorCode = ErrorCode | TransportErrorCode;

export function statusOf(code: AnyErrorCode): number {
  return code in transportErrorCodes ? transportErrorCodes[code as TransportErrorCode].status : statusOfKind[errorCodes[code as ErrorCode].kind];
}

/** Every code with its status and meaning, by status: the README's table is exactly this (a test keeps them equal). */
export function errorCatalogue(): { code: AnyErrorCode; status: number; means: string }[] {
  const all = [
    ...Object.entries(errorCodes).map(([code, e]) => ({ code: code as AnyErrorCode, status: statusOfKind[e.kind], means: e.means })),
    ...Object.entries(transportErrorCodes).map(([code, e]) => ({ code: code as AnyErrorCode, status: e.status, means: e.means })),
  ];
  return all.sort((a, b) => a.status - b.status || a.code.localeCompare(b.code));
}

export function errorCatalogueMarkdown(): string {
  return ['| status | code | means |', '|---|---|---|', ...errorCatalogue().map((e) => `| ${e.status} | \`${e.code}\` | ${e.means} |`)].join('\n');
}
