import type { AppContext } from '../context.js';
import { firstLineRecordDay, numberHistories } from '../../store/partners.js';
import { invalid } from '../../domain/errors.js';
import { disconnectedAnswer, type DisconnectedAnswer } from '../../domain/partners.js';
import type { PartnerActor } from './auth.js';

/** Today where it is latest among the operator's regions: a `since` after it is in everyone's future. */
function today(ctx: AppContext): string {
  const now = ctx.clock.now();
  const days = Object.keys(ctx.calendars.regions).map((r) => ctx.calendars.calendar(r).localDateTime(now).date);
  return days.sort().at(-1) ?? now.toISOString().slice(0, 10);
}

async function recordsBegin(ctx: AppContext): Promise<string | null> {
  return ctx.config.partners.recordsBegin ?? (await firstLineRecordDay(ctx.db));
}

function checkSince(ctx: AppContext, since: string): void {
  // A day after today would answer "no" about a future nobody knows yet.
  if (since > today(ctx)) throw invalid('since_in_future', `since (${since}) is after today.`);
}

/** GET /partners/numbers/{msisdn}/disconnected?since=… for one number. */
export async function isNumberDisconnected(ctx: AppContext, _partner: PartnerActor, msisdn: string, since: string): Promise<DisconnectedAnswer> {
  checkSince(ctx, since);
  const [histories, begin] = await Promise.all([numberHistories(ctx.db, [msisdn]), recordsBegin(ctx)]);
  return disconnectedAnswer(histories.get(msisdn) ?? [], since, begin);
}

/** The bulk form: up to 1,000 numbers, each with its own `since` (or the request's). */
export async function areNumbersDisconnected(ctx: AppContext, _partner: PartnerActor, items: { msisdn: string; since: string }[]): Promise<(DisconnectedAnswer & { msisdn: string; since: string })[]> {
  for (const item of items) checkSince(ctx, item.since);
  const [histories, begin] = await Promise.all([numberHistories(ctx.db, [...new Set(items.map((i) => i.msisdn))]), recordsBegin(ctx)]);
  return items.map((i) => ({ msisdn: i.msisdn, since: i.since, ...disconnectedAnswer(histories.get(i.msisdn) ?? [], i.since, begin) }));
}
