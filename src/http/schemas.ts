import { z } from 'zod';
import { isValidReference, referencePattern } from '../domain/reference.js';
import { idNumberProblem, normaliseMsisdn } from '../domain/validation.js';
import { bankAccountLength, bankAccountProblem, refundChoices, retiredRefundMethods, tidyBankAccountNumber } from '../domain/refund.js';

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

const refundChoiceList = refundChoices.join(', ');

/** A multipart form carries the refund's object as JSON text in its one field; text that is not JSON is refused as it stands. */
function jsonOrAsIs(v: string): unknown {
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
}

/**
 * Where prepaid credit goes. The line's own account is no choice for a line being closed:
 * `account_credit` (and `bank_transfer`, which named no account) are refused with the choices
 * there are, though cases stored with them still read and settle. `"original_payment"` is short
 * for `{"method": "original_payment"}`; in a multipart form the field holds the method alone or the object as JSON. The bank account number is sealed at rest and only its
 * last four digits are ever shown; another line is checked at submission to be a live line of
 * the same holder.
 */
export const refund = z.preprocess(
  (v) => (typeof v === 'string' ? (v.trimStart().startsWith('{') ? jsonOrAsIs(v) : { method: v }) : v),
  z.discriminatedUnion(
    'method',
    [
      z.strictObject({ method: z.literal('original_payment').describe('Back to the means the credit was paid with (the default)') }),
      z.strictObject({
        method: z.literal('bank_account'),
        holderName: freeText(100).describe("The account holder's name as the bank knows it"),
        bankName: freeText(60).describe('The bank, e.g. 工商银行'),
        accountNumber: z
          .string()
          .max(64, 'must be at most 64 characters')
          .transform(tidyBankAccountNumber)
          .superRefine((v, ctx) => {
            const problem = bankAccountProblem(v);
            if (problem) ctx.addIssue({ code: 'custom', message: bankAccountMessages[problem] });
          })
          .describe(`${bankAccountLength.min}–${bankAccountLength.max} digits; spaces and hyphens between groups are ignored`),
      }),
      z.strictObject({ method: z.literal('another_line'), msisdn: msisdn.describe("Another live line of the same holder, in E.164 form") }),
    ],
    {
      error: (iss) => {
        if (typeof iss.input === 'string') return `must be one of ${refundChoiceList}, or such an object as JSON`;
        const method = (iss.input as { method?: unknown } | undefined)?.method;
        const retired = (retiredRefundMethods as readonly unknown[]).includes(method);
        return retired
          ? `${String(method)} is no longer offered for a line being closed; choose one of ${refundChoiceList}`
          : `must be one of ${refundChoiceList}`;
      },
    },
  ),
);

const bankAccountMessages = {
  required: 'must not be empty',
  digits: 'must contain only digits (spaces and hyphens between groups are fine)',
  length: `must have ${bankAccountLength.min} to ${bankAccountLength.max} digits`,
} as const;

export const applicationBody = z.strictObject({
  msisdn,
  reason: freeText(500),
  refund: refund.optional(),
  acknowledgements: z.array(z.string().max(64).regex(/^[a-z][a-z0-9_]*$/, 'an advisory code such as backup_reminder')).max(32).default([]),
});

export const regionCode = z.string().regex(/^[A-Z]{2}$/, 'a two-letter region code such as CN or GB');

/** `?state=&sort=due`: an empty query parameter means "not given", as forms and the contract write it. */
export const blankAsMissing = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema);
