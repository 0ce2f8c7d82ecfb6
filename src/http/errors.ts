import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError, type ErrorKind } from '../domain/errors.js';

/** The one place where errors become HTTP answers, always in the contract's shape. */
const statusOf: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  rate_limited: 429,
};

const fastifyCodes: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_content_length',
  FST_ERR_CTP_INVALID_CHARSET: 'unsupported_charset',
};

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

export function handleError(err: FastifyError | DomainError | Error, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof DomainError) {
    return reply.status(statusOf[err.kind]).send(errorBody(err.code, err.message, err.details));
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = (err as FastifyError).validationContext ?? 'request';
    const issues = err.validation.map((v) => ({
      in: where,
      path: v.instancePath.replace(/^\//, '').replace(/\//g, '.') || String((v.params as { issue?: { path?: unknown[] } }).issue?.path?.join('.') ?? ''),
      message: v.message ?? 'invalid',
    }));
    const first = issues[0];
    const message = first ? `${where}${first.path ? `.${first.path}` : ''}: ${first.message}` : 'The request is not valid.';
    return reply.status(400).send(errorBody('validation_failed', message, { issues }));
  }
  const fe = err as FastifyError;
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code = (fe.code && fastifyCodes[fe.code]) ?? (err instanceof SyntaxError ? 'invalid_json' : 'bad_request');
    return reply.status(fe.statusCode).send(errorBody(code, fe.message));
  }
  req.log.error({ err }, 'unhandled error');
  return reply.status(500).send(errorBody('internal_error', 'Something went wrong on our side; it has been logged.'));
}
