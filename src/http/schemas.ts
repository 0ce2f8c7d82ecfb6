import { z } from 'zod';
import { isValidReference, referencePattern } from '../domain/reference.js';
import { idNumberProblem, normaliseMsisdn } from '../domain/validation.js';

/** Shared edge validation: a typo is reported as a typo, with the field named. */
export const msisdn = z
  .string()
  .max(16, 'an E.164 number has at most 15 digits after +')
  .refine((v) => normaliseMsisdn(v) === v, 'must be a mobile number in E.164 form, e.g. +8613800138000');

export const reference = z
  .string()
  .max(20)
  .regex(referencePattern, 'must look like LC-2026-0000123-6')
  .refine(isValidReference, 'the check digit does not match; please check the reference for a typo');

/**
 * Characters nobody types on purpose: controls other than tab and line breaks (NUL cannot even be
 * stored), text-direction marks and overrides, invisible spaces and soft hyphens (they make a name or a note read as
 * something else in the console), and lone UTF-16 surrogates (not text; JSONB refuses them).
 */
const hiddenCharacter = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]|\p{Cs}/u;
const visible = (v: string) => !hiddenCharacter.test(v);
const visibleMessage = 'must not contain control, invisible or text-direction characters';

/** A short identifier-like string (user name, recipient): at most `max` characters, nothing hidden. */
export const plainString = (max: number) => z.string().max(max, `must be at most ${max} characters`).refine(visible, visibleMessage);

export const freeText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine(visible, visibleMessage);

/**
 * The number of an identity document: an 18-character Chinese resident ID is checked fully
 * (birth date, GB 11643 check digit, upper-case X); anything else as a passport or other number.
 */
export const identityNumber = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(32, 'must be at most 32 characters')
  .superRefine((v, ctx) => {
    const problem = /^\d{17}[\dXx]$/.test(v)
      ? v.endsWith('x')
        ? 'a resident ID ends in an upper-case X, not x'
        : idNumberProblem('cn_resident_id', v, new Date().toISOString().slice(0, 10))
      : idNumberProblem('other', v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const idempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(200)
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
    .optional(),
});

const refundMethod = z.enum(['original_payment', 'bank_transfer', 'account_credit']);
/** How prepaid credit comes back; `"bank_transfer"` is short for `{"method": "bank_transfer"}`. */
export const refund = z.union([refundMethod.transform((method) => ({ method })), z.strictObject({ method: refundMethod })]);

export const applicationBody = z.strictObject({
  msisdn,
  reason: freeText(500),
  refund: refund.optional(),
  acknowledgements: z.array(z.string().max(64).regex(/^[a-z][a-z0-9_]*$/, 'an advisory code such as backup_reminder')).max(32).default([]),
});

export const regionCode = z.string().regex(/^[A-Z]{2}$/, 'a two-letter region code such as CN or GB');

/** `?state=&sort=due`: an empty query parameter means "not given", as forms and the contract write it. */
export const blankAsMissing = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema);
