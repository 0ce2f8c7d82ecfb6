import http from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError } from '../domain/errors.js';
import { statusOf, type AnyErrorCode } from './error-catalogue.js';

/** Fastify's own refusals, in the catalogue's words. */
const fastifyCodes: Record<string, AnyErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_content_length',
  FST_ERR_CTP_INVALID_CHARSET: 'unsupported_charset',
  FST_ERR_BAD_URL: 'bad_url',
  FST_ERR_MAX_PARAM_LENGTH: 'uri_too_long',
};

export interface ErrorBody {
  error: { code: AnyErrorCode; message: string; details?: unknown };
}

function errorBody(code: AnyErrorCode, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/**
 * Error messages may quote what the caller sent (an unknown field name, a path), so the JSON is
 * written with <, >, & escaped as \u003c…: a hostile value never appears as live markup.
 */
export function errorJson(code: AnyErrorCode, message: string, details?: unknown): string {
  return JSON.stringify(errorBody(code, message, details)).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Answers with the code's status from the catalogue (or `status` where the framework already chose one). */
export function sendError(reply: FastifyReply, code: AnyErrorCode, message: string, details?: unknown, status = statusOf(code)) {
  return reply.status(status).type('application/json; charset=utf-8').send(errorJson(code, message, details));
}

/**
 * Requests Node rejects before Fastify sees them (headers over 16 KiB, broken HTTP) get the same
 * error shape; the connection is closed after the answer.
 */
export function handleClientError(err: Error & { code?: string }, socket: Socket) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message]: [number, AnyErrorCode, string] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'headers_too_large', 'The request headers are too large.']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'request_timeout', 'The request took too long to arrive.']
        : [400, 'bad_request', 'The request is not valid HTTP.'];
  const body = errorJson(code, message);
  if (!socket.writable) return socket.destroy();
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export function handleError(err: FastifyError | DomainError | Error, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof DomainError) {
    const retry = (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if (err.kind === 'rate_limited' && typeof retry === 'number') void reply.header('Retry-After', String(retry));
    return sendError(reply, err.code, err.message, err.details);
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
    return sendError(reply, 'validation_failed', message, { issues });
  }
  const fe = err as FastifyError;
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code: AnyErrorCode = (fe.code ? fastifyCodes[fe.code] : undefined) ?? (err instanceof SyntaxError ? 'invalid_json' : 'bad_request');
    return sendError(reply, code, fe.message, undefined, fe.statusCode);
  }
  req.log.error({ err }, 'unhandled error');
  return sendError(reply, 'internal_error', 'Something went wrong on our side; it has been logged.');
}
