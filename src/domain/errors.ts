import { errorCodes, type ErrorCode, type ErrorCodeOf, type ErrorKind } from './error-codes.js';

export type { ErrorCode, ErrorKind } from './error-codes.js';

/**
 * Errors are values with a stable code from the catalogue (domain/error-codes.ts); the code
 * decides the kind, and the HTTP layer maps the kind to a status in one place.
 */
export class DomainError extends Error {
  readonly kind: ErrorKind;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
    this.kind = errorCodes[code].kind;
  }
}

export const invalid = (code: ErrorCodeOf<'invalid'>, message: string, details?: unknown) => new DomainError(code, message, details);
export const notFound = (code: ErrorCodeOf<'not_found'>, message: string) => new DomainError(code, message);
export const conflict = (code: ErrorCodeOf<'conflict'>, message: string, details?: unknown) => new DomainError(code, message, details);
export const unprocessable = (code: ErrorCodeOf<'unprocessable'>, message: string, details?: unknown) => new DomainError(code, message, details);
export const tooLarge = (code: ErrorCodeOf<'too_large'>, message: string, details?: unknown) => new DomainError(code, message, details);
export const unsupportedMedia = (code: ErrorCodeOf<'unsupported_media'>, message: string, details?: unknown) => new DomainError(code, message, details);
export const forbidden = (code: ErrorCodeOf<'forbidden'>, message: string) => new DomainError(code, message);
export const unauthenticated = (code: ErrorCodeOf<'unauthenticated'>, message: string) => new DomainError(code, message);
/** A 429; the HTTP layer turns retryAfterSeconds into the Retry-After header. */
export const rateLimited = (code: ErrorCodeOf<'rate_limited'>, message: string, retryAfterSeconds: number) =>
  new DomainError(code, message, { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)) });
