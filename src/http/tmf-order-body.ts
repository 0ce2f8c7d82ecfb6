/**
 * The TMF622 v5 productOrder a BSS POSTs, read at the edge: lastcall uses one delete item and its
 * product id (the MSISDN), the first note as the reason and the first externalId; every other TMF
 * field passes unchecked. Failures come back in the TMF630 error shape (domain/tmf-order.ts).
 */
import { z } from 'zod';
import { tmfError, type ProductOrderRequest, type TmfError } from '../domain/tmf-order.js';

export type { ProductOrderRequest } from '../domain/tmf-order.js';
import { normaliseMsisdn, parseIsoInstant } from '../domain/validation.js';

// ---- The POST body ----------------------------------------------------------------------------
// Loose objects: every TMF field lastcall does not use (channel, relatedParty, category, priority,
// billingAccount, productOffering, quantity, @baseType, @schemaLocation, ...) passes through
// unchecked. Messages never echo the input; parseProductOrder prefixes them with the field path.

const controlChars = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const text = (max: number) =>
  z
    .string({ error: 'must be a string' })
    .max(max, { error: `must be at most ${max} characters` })
    .refine((v) => !controlChars.test(v), { error: 'must not contain control characters' });

const REASON_MAX = 500;
const EXTERNAL_ID_MAX = 200;

const msisdnDigits = z
  .string({ error: "must be the line's MSISDN as a string" })
  .regex(/^\+?\d{8,15}$/, { error: "must be the line's MSISDN: 8 to 15 digits in international form, optional leading '+'" })
  .refine((v) => normaliseMsisdn(`+${v.replace(/^\+/, '')}`) !== null, { error: 'is not a valid mobile number in international form' });

const productOrderItem = z.looseObject(
  {
    action: z.literal('delete', { error: "must be 'delete': lastcall only cancels lines" }),
    product: z.looseObject({ id: msisdnDigits }, { error: "must be an object whose id is the line's MSISDN" }),
  },
  { error: 'must be an object' },
);

const firstNote = z.looseObject({ text: text(REASON_MAX).optional() }, { error: 'must be a Note object' });
const firstExternalId = z.looseObject({ id: text(EXTERNAL_ID_MAX).min(1, { error: 'must not be empty' }) }, { error: 'must be an ExternalIdentifier object' });

/** Checks only the first entry of a list (the one lastcall reads); the rest passes through. */
const checkFirst =
  (schema: z.ZodType) =>
  (list: unknown[], ctx: z.RefinementCtx<unknown[]>): void => {
    if (list.length === 0) return;
    const r = schema.safeParse(list[0]);
    if (!r.success) for (const issue of r.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: [0, ...issue.path] });
  };

/** Zod 4 schema of the TMF622 v5 `POST /productOrder` body as a BSS sends it to lastcall. */
export const productOrderCreate = z.looseObject(
  {
    '@type': z.literal('ProductOrder', { error: "must be 'ProductOrder' when present" }).optional(),
    productOrderItem: z
      .array(productOrderItem, { error: 'is required: a list holding exactly one item' })
      .length(1, { error: 'must hold exactly one item: lastcall cancels one line per order' }),
    note: z.array(z.unknown(), { error: 'must be a list of Note' }).superRefine(checkFirst(firstNote)).optional(),
    externalId: z
      .union([text(EXTERNAL_ID_MAX).min(1, { error: 'must not be empty' }), z.array(z.unknown()).superRefine(checkFirst(firstExternalId))], {
        error: 'must be a list of ExternalIdentifier (or a string)',
      })
      .optional(),
    requestedCompletionDate: z
      .string({ error: 'must be an ISO 8601 date-time' })
      .max(40, { error: 'must be an ISO 8601 date-time' })
      .refine((v) => parseIsoInstant(v) !== null, { error: 'must be an ISO 8601 date-time with offset, e.g. 2025-07-01T00:00:00Z' })
      .optional(),
  },
  { error: 'must be a JSON object: a TMF622 ProductOrder' },
);

const corrective: Record<string, string> = {
  ERR_INVALID_BODY: 'Send a TMF622 v5 ProductOrder with one productOrderItem.',
  ERR_ONE_ITEM_ONLY: 'Send one ProductOrder per line.',
  ERR_UNSUPPORTED_ACTION: "Only action 'delete' (cancel the line) is supported.",
  ERR_INVALID_PRODUCT_ID: 'Set productOrderItem[0].product.id to the MSISDN digits, e.g. 8613800138000.',
};

/** 'productOrderItem[0].product.id'; the body itself is 'body'. */
const fieldPath = (path: readonly PropertyKey[]) =>
  path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '') || 'body';

function codeFor(path: readonly PropertyKey[], issueCode: string): string {
  if (path[0] !== 'productOrderItem') return 'ERR_INVALID_BODY';
  if (path.length === 1) return issueCode === 'too_small' || issueCode === 'too_big' ? 'ERR_ONE_ITEM_ONLY' : 'ERR_INVALID_BODY';
  if (path[2] === 'action') return 'ERR_UNSUPPORTED_ACTION';
  if (path[2] === 'product') return 'ERR_INVALID_PRODUCT_ID';
  return 'ERR_INVALID_BODY';
}
const precedence = ['ERR_ONE_ITEM_ONLY', 'ERR_UNSUPPORTED_ACTION', 'ERR_INVALID_PRODUCT_ID', 'ERR_INVALID_BODY'];

function badRequest(code: string, reason: string): { ok: false; error: TmfError } {
  return { ok: false, error: tmfError(400, code, reason, corrective[code]) };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads a BSS's TMF622 ProductOrder into what lastcall needs to open a cancellation. Never
 * throws: anything that is not a well-formed order is a 400 TMF630 error naming the field.
 */
export function parseProductOrder(body: unknown): { ok: true; order: ProductOrderRequest } | { ok: false; error: TmfError } {
  try {
    const parsed = productOrderCreate.safeParse(body);
    if (!parsed.success) {
      const ranked = parsed.error.issues
        .map((issue) => ({ issue, code: codeFor(issue.path, issue.code) }))
        .sort((a, b) => precedence.indexOf(a.code) - precedence.indexOf(b.code));
      const { issue, code } = ranked[0]!;
      return badRequest(code, `${fieldPath(issue.path)} ${issue.message}`);
    }
    const order = parsed.data;
    const note = order.note?.[0];
    const reason = isRecord(note) && typeof note.text === 'string' ? note.text.trim() || null : null;
    const external = typeof order.externalId === 'string' ? order.externalId : order.externalId?.[0];
    const externalId = typeof external === 'string' ? external : isRecord(external) && typeof external.id === 'string' ? external.id : null;
    const requested = order.requestedCompletionDate === undefined ? null : parseIsoInstant(order.requestedCompletionDate);
    return {
      ok: true,
      order: {
        msisdnDigits: order.productOrderItem[0]!.product.id.replace(/^\+/, ''),
        reason,
        externalId,
        requestedCompletionDate: requested ? requested.toISOString() : null,
      },
    };
  } catch {
    // A hostile object (throwing getter, proxy) is not JSON a BSS could have sent.
    return badRequest('ERR_INVALID_BODY', 'body could not be read as a TMF622 ProductOrder');
  }
}

