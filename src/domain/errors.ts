/**
 * Errors are values with a stable code (the contract's snake_case). The HTTP layer maps the
 * kind to a status in one place; the domain never knows about HTTP.
 */
export type ErrorKind =
  | 'invalid' // 400: the request is malformed
  | 'unauthenticated' // 401
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'conflict' // 409: the state of things forbids it now
  | 'too_large' // 413
  | 'unsupported_media' // 415
  | 'unprocessable' // 422: well-formed but not acceptable
  | 'rate_limited'; // 429

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (code: string, message: string, details?: unknown) =>
  new DomainError('invalid', code, message, details);
export const notFound = (code: string, message: string) => new DomainError('not_found', code, message);
export const conflict = (code: string, message: string, details?: unknown) =>
  new DomainError('conflict', code, message, details);
export const unprocessable = (code: string, message: string, details?: unknown) =>
  new DomainError('unprocessable', code, message, details);
export const tooLarge = (code: string, message: string, details?: unknown) =>
  new DomainError('too_large', code, message, details);
export const unsupportedMedia = (code: string, message: string, details?: unknown) =>
  new DomainError('unsupported_media', code, message, details);
export const forbidden = (code: string, message: string) => new DomainError('forbidden', code, message);
export const unauthenticated = (code: string, message: string) =>
  new DomainError('unauthenticated', code, message);
/** A 429; the HTTP layer turns retryAfterSeconds into the Retry-After header. */
export const rateLimited = (code: string, message: string, retryAfterSeconds: number) =>
  new DomainError('rate_limited', code, message, { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)) });
