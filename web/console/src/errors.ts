import type { TFunction } from 'i18next';
import { duration, formatLocale } from '@shared/format';
import { isApiError } from '@shared/http';
import i18n from './i18n';

/** Codes with a message of their own in the locale files (errors.<code>). */
const known = new Set([
  'network_error',
  'internal_error',
  'validation_failed',
  'invalid_json',
  'unauthenticated',
  'session_expired',
  'invalid_credentials',
  'locked_out',
  'csrf_token_invalid',
  'forbidden',
  'four_eyes',
  'precheck_blocking',
  'invalid_transition',
  'case_closed',
  'case_not_found',
  'line_not_found',
  'line_not_cancellable',
  'case_already_open',
  'acknowledgement_required',
  'caller_not_verified',
  'verification_locked',
  'caller_locked',
  'call_not_found',
  'call_not_active',
  'call_ended',
  'call_taken',
  'call_not_answered',
  'not_your_call',
  'callback_mismatch',
  'callback_not_waiting',
  'callback_in_progress',
  'case_not_for_caller',
  'invalid_period',
  'callback_not_found',
  'unknown_assignee',
  'idempotency_key_reused',
  'document_not_found',
  'notification_not_found',
  'unknown_region',
  'too_many_requests',
  'rate_limited',
  'not_found',
  'partner_exists',
  'partner_not_found',
  'partner_disabled',
  'delivery_not_found',
  'delivery_not_dead',
]);

function wait(seconds: number | undefined, lang: string): string {
  return seconds ? duration(seconds, formatLocale(lang)) : i18n.t('errors.aWhile');
}

/** A friendly sentence for an error, in the current language; unknown codes show the server's own message. */
export function errorMessage(t: TFunction, error: unknown): string {
  if (!isApiError(error)) return t('errors.unexpected');
  const w = wait(error.retryAfter, i18n.language);
  if (known.has(error.code)) return t(`errors.${error.code}`, { wait: w });
  if (error.status === 429) return t('errors.too_many_requests', { wait: w });
  if (error.status >= 500) return t('errors.internal_error');
  if (error.status === 404 && error.code === `http_404`) return t('errors.not_found');
  return t('errors.other', { code: error.code, message: error.message });
}

/** The error's code, for a data-code attribute tests and support staff can read. */
export const errorCode = (error: unknown) => (isApiError(error) ? error.code : 'unexpected');
