import { z } from 'zod';
import { partnerBindings, partnerEventTypes, partnerKinds } from '../../domain/partners.js';
import { count, instant, isoDate } from './common.js';

export const partnerKind = z.enum(partnerKinds);
export const partnerBinding = z.enum(partnerBindings);
export const partnerEventType = z.enum(partnerEventTypes);

export const partner = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: partnerKind,
  binding: partnerBinding.nullable().describe("The customers' declared binding this partner stands for: told line.terminated for such lines unasked"),
  status: z.enum(['active', 'disabled']),
  keyId: z.string().describe('The public part of the current key (lcp_<keyId>_…)'),
  keyIssuedAt: instant,
  createdBy: z.string(),
  createdAt: instant,
  disabledAt: instant.nullable(),
});

export const partnerWithKey = partner.extend({ apiKey: z.string().describe('Shown this once; only its HMAC is stored') });

export const partners = z.object({
  items: z.array(partner.extend({ hooks: count, deliveries: count, failing: count.describe('Deliveries failing or dead') })),
});

export const hook = z.object({ id: z.number().int(), url: z.string(), events: z.array(partnerEventType), createdAt: instant });
export const hookWithSecret = hook.extend({ secret: z.string().describe('whsec_…: the Standard Webhooks signing secret, shown this once') });
export const hooks = z.object({ items: z.array(hook) });

export const delivery = z.object({
  id: z.number().int(),
  hookId: z.number().int(),
  webhookId: z.string().describe('The webhook-id header: the same on every retry'),
  eventType: z.string(),
  cause: z.enum(['subscribed', 'binding', 'tmf']).describe('binding: sent because the partner stands for a binding the line had'),
  status: z.enum(['pending', 'delivered', 'failing', 'dead']),
  attempts: count,
  lastAttemptAt: instant.nullable(),
  lastStatus: z.number().int().nullable().describe("The receiver's HTTP status on the last attempt"),
  lastError: z.string().nullable(),
  deliveredAt: instant.nullable(),
  createdAt: instant,
  body: z.string().describe('The exact signed body'),
});
export const deliveries = z.object({ items: z.array(delivery) });

export const partnerActivity = z.object({
  hooks: z.array(hook.extend({ kind: z.enum(['webhook', 'tmf_hub']), events: z.array(z.string()) })),
  deliveries: z.array(delivery),
});

export const disconnected = z.object({
  answer: z.enum(['yes', 'no', 'no_data']).describe('yes: permanently disconnected on or after since; no: not since then; no_data: not ours, or since is before our records'),
  disconnectedOn: isoDate.optional(),
});
export const disconnectedMany = z.object({
  results: z.array(disconnected.extend({ msisdn: z.string(), since: isoDate })),
});
