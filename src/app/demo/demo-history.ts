/**
 * The demo room: a made-up past of cases, worked through the real use cases on a moved clock, so a
 * first `npm start` has a queue, a dashboard and a report to look at.
 */
import type { Actor, AppContext } from '../context.js';
import type { StaffActor } from '../staff/permission.js';
import { applyForCancellation } from '../cases/apply.js';
import { appendAudit } from '../../store/audit.js';
import { fulfilCase } from '../cases/fulfil.js';
import { requestCallback } from '../hotline/callbacks.js';
import { getPrecheck } from '../lines/lines.js';
import { importSubscribers } from '../lines/import-subscribers.js';
import { approveCase, assignCase, rejectCase, replyToInformationRequest, requestInformation, withdrawCase } from '../cases/review.js';
import { sweepSla } from '../sla/sweep.js';
import { addDays, type IsoDate } from '../../domain/calendar.js';
import { requestInfoTemplates, rejectTemplates } from '../../domain/reason-templates.js';
import { syntheticSubscribersCsv } from '../../domain/synthetic-subscribers.js';
import type { Vault } from '../../security/vault.js';
import type { CaseChannel } from '../../domain/channels.js';
import { markAllPendingDone } from '../../store/outbox.js';
import { countCases, findCaseId } from '../../store/cases.js';
import { listSubscribersByNumberPrefix } from '../../store/subscribers.js';
import { markPendingMessagesSent } from '../../store/communications.js';

/** The demo history's people: made up, in a number block of their own (+861379000…), never the CSV's. */
const firstSynthetic = 9_000_001;
const syntheticNumberPrefix = '+861379';
const people = 44;
const days = 56;

const reviewer: StaffActor = { kind: 'staff', user: 'reviewer', role: 'reviewer' };
const supervisor: StaffActor = { kind: 'staff', user: 'supervisor', role: 'supervisor' };
const agent: StaffActor = { kind: 'staff', user: 'agent', role: 'agent' };

/** What happens to one application, in working days after its receipt day. */
type Plan =
  | { kind: 'approve'; assignAfter: number; decideAfter: number }
  | { kind: 'reject'; assignAfter: number; decideAfter: number }
  | { kind: 'info'; assignAfter: number; askAfter: number; replyAfter: number | null; decideAfter: number }
  | { kind: 'withdraw'; after: number };

function planFor(k: number): Plan {
  // Two cases a reviewer took and then left: overdue, flagged as breached, still open.
  if (k === 21 || k === 32) return { kind: 'approve', assignAfter: 2, decideAfter: 99 };
  switch (k % 9) {
    case 3:
      return { kind: 'info', assignAfter: 1, askAfter: 2, replyAfter: 4, decideAfter: 6 };
    case 4:
      return { kind: 'reject', assignAfter: 1, decideAfter: 3 };
    case 5:
      // Taken late and decided after the due day: a breach the dashboard shows.
      return { kind: 'approve', assignAfter: 5, decideAfter: 9 };
    case 6:
      // Nobody answers the question: the sweeper closes the case after 10 working days.
      return { kind: 'info', assignAfter: 1, askAfter: 2, replyAfter: null, decideAfter: 99 };
    case 7:
      return { kind: 'withdraw', after: 1 };
    default:
      return { kind: 'approve', assignAfter: 1 + (k % 2), decideAfter: 3 + (k % 3) };
  }
}

const channels: CaseChannel[] = ['web', 'web', 'hotline', 'web', 'form', 'email', 'web', 'sms', 'hotline', 'web'];

interface Step {
  at: Date;
  order: number;
  run: () => Promise<unknown>;
}

/**
 * A believable past for the demo: 44 made-up subscribers apply over the last 8 weeks through
 * every channel, and reviewers take, question, approve and reject their cases through the real
 * use cases on a clock moved through those weeks, with the SLA sweeper running every morning — so
 * the queue, the dashboard and `lastcall report sla` show something on a fresh `npm start`. Steps
 * that would fall after `now` do not happen: recent cases are still open. Messages of this past
 * are recorded as sent, not delivered again. Runs once, into a database just seeded.
 */
export async function seedDemoHistory(ctx: AppContext, vault: Vault, now: Date): Promise<{ cases: number }> {
  await importSubscribers(ctx.db, vault, syntheticSubscribersCsv(people, firstSynthetic));
  const subscribers = await listSubscribersByNumberPrefix(ctx.db, syntheticNumberPrefix);
  let clock = now;
  // The past's own sweeps talk only of trouble: their routine findings are not news at start.
  const hctx: AppContext = { ...ctx, clock: { now: () => clock }, log: ctx.log.child({}, { level: 'warn' }) };
  const cal = ctx.calendars.calendar('CN');
  const at = (day: IsoDate, time: string) => new Date(`${day}T${time}+08:00`);
  const today = cal.localDateTime(now).date;
  const start = addDays(today, -days);
  const steps: Step[] = [];
  let order = 0;
  const add = (when: Date, run: () => Promise<unknown>) => steps.push({ at: when, order: order++, run });

  subscribers.forEach((s, k) => {
    // Denser towards today, so that the queue has open cases at every stage of the promise.
    const submittedDay = addDays(start, Math.round((days - 1) * Math.sqrt(k / people)));
    let channel = channels[k % channels.length]!;
    // The hotline and paper forms are worked on working days only.
    if ((channel === 'hotline' || channel === 'form') && !cal.isWorkingDay(submittedDay).working) channel = 'web';
    const submittedAt = at(submittedDay, `${String(9 + (k % 8)).padStart(2, '0')}:${String((k * 7) % 60).padStart(2, '0')}:00`);
    const received = cal.receiptDay(submittedAt).date;
    const workingDay = (n: number, time: string) => at(cal.dueDay(received, n).date, time);
    const customer: Actor = { kind: 'customer', subscriberId: s.id };
    const plan = planFor(k);
    const reason = k % 3 === 0 ? '号码不再使用' : k % 3 === 1 ? '出国定居' : '更换运营商';
    const handler = k % 4 === 0 ? supervisor : reviewer;
    let reference = '';

    add(submittedAt, async () => {
      const pre = await getPrecheck(hctx, s.msisdn, s.id);
      const acknowledgements = pre.items.filter((i) => i.kind === 'advisory').map((i) => i.code);
      const opener = channel === 'hotline' ? { actor: agent as Actor, subscriberId: null } : { actor: customer, subscriberId: s.id };
      const result = await applyForCancellation(hctx, opener, { msisdn: s.msisdn, reason, acknowledgements, channel });
      reference = (result.body as { reference: string }).reference;
    });
    if (plan.kind === 'withdraw') {
      add(workingDay(plan.after, '11:00:00'), () => withdrawCase(hctx, customer, s.id, reference));
      return;
    }
    add(workingDay(plan.assignAfter, '09:40:00'), () => assignCase(hctx, handler, reference));
    if (plan.kind === 'info') {
      const template = requestInfoTemplates[k % requestInfoTemplates.length]!;
      add(workingDay(plan.askAfter, '14:10:00'), () => requestInformation(hctx, handler, reference, template.text['zh-CN'], template.reason));
      if (plan.replyAfter === null) return;
      add(workingDay(plan.replyAfter, '20:30:00'), () => replyToInformationRequest(hctx, s.id, reference, '已上传，请查收。'));
    }
    const decide = workingDay(plan.decideAfter, '15:20:00');
    if (plan.kind === 'reject') {
      add(decide, () => rejectCase(hctx, handler, reference, rejectTemplates[k % rejectTemplates.length]!.text['zh-CN']));
      return;
    }
    add(decide, async () => {
      await approveCase(hctx, handler, reference, '核实无误，同意注销。');
      await fulfilCase(hctx, (await findCaseId(ctx.db, reference))!, 1);
    });
  });
  for (let d = start; d <= today; d = addDays(d, 1)) add(at(d, '08:30:00'), () => sweepSla(hctx));
  // Two customers asked for a call back last night: the hotline desk's queue.
  for (const s of subscribers.slice(-2)) {
    add(new Date(now.getTime() - 10 * 3600_000), () => requestCallback(hctx, s.id, { msisdn: s.msisdn, preferredTime: '10:00–12:00' }));
  }

  steps.sort((a, b) => a.at.getTime() - b.at.getTime() || a.order - b.order);
  for (const step of steps) {
    if (step.at > now) break;
    clock = step.at;
    try {
      await step.run();
    } catch (err) {
      // A step whose case took another turn (closed by the sweeper before its reply) is skipped.
      ctx.log.debug({ err }, 'demo history step skipped');
      continue;
    }
  }
  const cases = await countCases(ctx.db);
  // This past's messages were "sent" when they happened; the outbox must not send them now.
  await ctx.db.transaction(async (tx) => {
    await markPendingMessagesSent(tx);
    await markAllPendingDone(tx, now);
    await appendAudit(tx, now, { actor: 'system', action: 'demo.history_loaded', subject: null, data: { cases, subscribers: subscribers.length, fromDay: start, toDay: today } });
  });
  return { cases };
}
