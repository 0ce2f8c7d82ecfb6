/**
 * The review queue: the console's most polled read, by due day (or newest first), with each case's
 * SLA badge as of now.
 */
import type { AppContext } from '../context.js';
import { requirePermission } from '../staff/permission.js';
import { undecidedStates } from '../../domain/case-machine.js';
import { slaNow } from '../sla/state.js';
import { permissions } from '../../domain/roles.js';
import { listQueue, listQueueForSession, type QueuePage, type QueueRow } from '../../store/case-queue.js';
import { admitStaffSession, sessionIdleMs, staffTokenHash } from '../staff/auth.js';
import { HeldReads, heldView } from '../held-reads.js';
import { localDaysKey } from '../sla/local-days.js';

export interface StaffCaseFilter {
  state?: string | undefined;
  region?: string | undefined;
  channel?: string | undefined;
  sla?: string | undefined;
  sort: 'due' | 'submitted';
  /** Rows in the answer, at most `queueLimits.max`. */
  limit?: number | undefined;
}

/**
 * Rows per answer: the most urgent first; a longer page on asking, narrower filters for the rest.
 * A page a reviewer reads, not the whole backlog: the queue is the console's most polled read.
 */
export const queueLimits = { default: 50, max: 500 } as const;

/** The review queue: by due day (or newest first), with each case's badge as of now. */
export async function listStaffCases(ctx: AppContext, filter: StaffCaseFilter) {
  const { rows, matching } = await listQueue(ctx.db, queueFilterOf(filter), filter.sort, queueLimitOf(filter));
  return queueView(ctx, filter, rows, matching, ctx.clock.now());
}

/**
 * The review queue for the holder of a session cookie: the session checked by the rules every
 * staff request passes (admitStaffSession, the case.read permission) in the same statement as
 * the read, so the console's most polled read is one round trip, not two. The page last read for
 * the same filter is offered to that statement, which reads the cases again only if one changed.
 */
export async function staffQueueBySession(ctx: AppContext, token: string, filter: StaffCaseFilter) {
  const now = ctx.clock.now();
  const tokenHash = staffTokenHash(token);
  const session = { tokenHash, now, idleSince: new Date(now.getTime() - sessionIdleMs), roles: permissions['case.read'] };
  const limit = queueLimitOf(filter);
  const pages = heldPagesOf(ctx);
  const key = `${filter.sort}|${limit}|${filter.state ?? ''}|${filter.region ?? ''}|${filter.channel ?? ''}|${filter.sla ?? ''}`;
  const known = pages.get(key);
  const read = await listQueueForSession(ctx.db, session, queueFilterOf(filter), filter.sort, limit, known?.snapshot ?? null);
  const actor = await admitStaffSession(ctx, tokenHash, read.session, now, { changes: false });
  requirePermission(actor, 'case.read');
  // Only a page the database vouched for in this statement is held or handed out again.
  if (!read.page && !read.unchanged) throw new Error('review queue: an admitted session got no page');
  const held = pages.hold(key, read.snapshot, read.page, known);
  const { rows, matching } = held.page;
  return { actor, view: heldView(held, localDaysKey(ctx, held.regions, now), () => queueView(ctx, filter, rows, matching, now)) };
}

type QueueView = ReturnType<typeof queueView>;
const heldPages = new WeakMap<AppContext['db'], HeldReads<QueuePage, QueueView>>();
const heldPagesOf = (ctx: AppContext) => {
  let pages = heldPages.get(ctx.db);
  if (!pages) heldPages.set(ctx.db, (pages = new HeldReads((page: QueuePage) => [...new Set(page.rows.map((r) => r.region))])));
  return pages;
};

const queueFilterOf = (f: StaffCaseFilter) => ({ state: f.state ?? null, region: f.region ?? null, channel: f.channel ?? null, undecidedStates });
const queueLimitOf = (f: StaffCaseFilter) => Math.min(f.limit ?? queueLimits.default, queueLimits.max);

function queueView(ctx: AppContext, filter: StaffCaseFilter, rows: QueueRow[], matching: number, now: Date) {
  // Many cases share their receipt day and clock: each distinct clock is worked out once.
  const seen = new Map<string, ReturnType<typeof slaNow>>();
  const items = rows.map((c) => {
    const key = `${c.region}|${c.state}|${c.received_on}|${c.due_on}|${c.due_provisional}|${c.sla_paused_days}|${c.paused_since}`;
    let sla = seen.get(key);
    if (!sla) seen.set(key, (sla = slaNow(ctx, c, now)));
    return {
      reference: c.reference,
      state: c.state,
      channel: c.channel,
      region: c.region,
      dueOn: sla.due.date,
      dueProvisional: sla.due.provisional,
      sla: sla.sla,
      breached: c.breached,
      pauseReason: c.pause_reason,
      duplicateOf: c.duplicate_of,
      assignee: c.assignee,
    };
  });
  const filtered = filter.sla ? items.filter((i) => i.sla === filter.sla) : items;
  // The stored due day of a paused case lags behind the moving one: sort on what is shown.
  const sorted = filter.sort === 'due' ? filtered.sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0)) : filtered;
  // `matching` counts the cases the state, region and channel select; past the limit the queue shows the most urgent.
  return { items: sorted, matching, truncated: matching > rows.length };
}
