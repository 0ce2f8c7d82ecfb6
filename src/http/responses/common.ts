/**
 * The pieces the API's answers are made of. Every module in this folder imports zod and the
 * domain's closed sets only, never server code: the portal and the console derive their types
 * from these schemas (`import type`), and the routes serialise their answers through them.
 */
import { z } from 'zod';
import { caseStates } from '../../domain/case-machine.js';
import { caseChannels } from '../../domain/channels.js';

/** An instant as `Date.toISOString()` writes it (UTC, milliseconds, `Z`). */
export const instant = z.iso.datetime();
/** A calendar day, `YYYY-MM-DD`. */
export const isoDate = z.iso.date();
export const count = z.number().int().min(0);

export const caseState = z.enum(caseStates);
export const caseChannel = z.enum(caseChannels);
export const lineStatus = z.enum(['active', 'suspended', 'pending_termination', 'terminated', 'released']);
export const language = z.enum(['zh-CN', 'en']);
export const slaBadge = z.enum(['on_track', 'due_soon', 'overdue', 'paused']);
export const bilingual = z.object({ 'zh-CN': z.string(), en: z.string() });

/** Another case of the same subscriber, opened through another channel close in time. */
export const caseLink = z.object({ reference: z.string(), channel: caseChannel });

/** One entry of a case's history; `data` is what the event carries, different for each type. */
export const caseEvent = z.object({
  seq: z.number().int(),
  type: z.string(),
  from: z.string().nullable().describe('The case state before, for a change of state'),
  to: z.string().nullable(),
  actor: z.string(),
  at: instant,
  data: z.record(z.string(), z.unknown()).optional(),
});

/**
 * A success answer that is bytes, not JSON (a PDF, a scanned form). The schema only tells the
 * OpenAPI reader the content type; the route sends the bytes as they are.
 */
export function binaryAnswer(description: string, contentTypes: readonly string[]) {
  const bytes = z.any().meta({ type: 'string', format: 'binary' });
  return { description, content: Object.fromEntries(contentTypes.map((type) => [type, { schema: bytes }])) };
}

/** A success answer without a body (204); `type: null` tells the OpenAPI document it has no content. */
export const noContent = (description: string) => z.null().meta({ type: 'null', description });

export type CaseState = z.infer<typeof caseState>;
export type CaseChannel = z.infer<typeof caseChannel>;
export type CaseEvent = z.infer<typeof caseEvent>;
export type CaseLink = z.infer<typeof caseLink>;
export type SlaBadge = z.infer<typeof slaBadge>;
export type LineStatus = z.infer<typeof lineStatus>;
