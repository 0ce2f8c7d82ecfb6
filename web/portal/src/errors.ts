import type { TFunction } from 'i18next';
import { duration } from '@shared/format';
import { isApiError } from '@shared/http';
import i18n from './i18n';
import { lineRefusal } from '@shared/refund';

/** Codes with a message of their own in the locale files (errors.<code>). */
const known = new Set([
  'network_error',
  'internal_error',
  'validation_failed',
  'line_not_found',
  'case_not_found',
  'line_not_active',
  'line_not_cancellable',
  'line_not_restorable',
  'reverification_required',
  'case_already_open',
  'acknowledgement_required',
  'unsupported_document_type',
  'unsupported_media_type',
  'document_too_large',
  'payload_too_large',
  'invalid_transition',
  'too_many_verifications',
  'too_many_attempts',
  'too_many_requests',
  'wrong_code',
  'code_expired',
  'verification_used',
  'verification_not_found',
  'invalid_token',
  'unauthenticated',
  'not_found',
]);

/** A friendly sentence for an error, in the current language. */
export function errorMessage(t: TFunction, error: unknown): string {
  if (!isApiError(error)) return t('errors.unexpected');
  // The other line named for the refund: why, in the words of the form's own check.
  if (error.code === 'refund_line_not_eligible') return t(`precheck.refundErrors.${lineRefusal(error.details)}`);
  const lang = i18n.language;
  const wait = error.retryAfter ? duration(error.retryAfter, lang) : t('errors.aWhile');
  if (error.code === 'wrong_code') {
    const left = (error.details as { attemptsLeft?: number } | undefined)?.attemptsLeft;
    return typeof left === 'number' && left > 0 ? t('errors.wrong_code', { left }) : t('errors.wrong_code_none');
  }
  if (error.status >= 500 && !known.has(error.code)) return t('errors.internal_error');
  if (error.status === 429 && !known.has(error.code)) return t('errors.too_many_requests', { wait });
  if (known.has(error.code)) return t(`errors.${error.code}`, { wait });
  return t('errors.other', { code: error.code });
}
