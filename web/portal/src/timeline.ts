/**
 * The customer's timeline of a case, from its history: submitted → in review → information
 * requested → decision → completed. The first step is the moment of submission, not the receipt
 * day (which may be the next working day; see receipt-day.ts).
 */
import type { CaseEvent } from '@shared/shapes';
import type { CaseView } from './api';

export const timelineSteps = ['submitted', 'review', 'info', 'decision', 'completed'] as const;
export type TimelineStepKey = (typeof timelineSteps)[number];

export interface TimelineStep {
  key: TimelineStepKey;
  status: 'done' | 'current' | 'upcoming' | 'skipped';
  at?: string | undefined;
  /** The sub-label: for the decision, which one (approved, rejected, withdrawn). */
  outcome?: 'approved' | 'rejected' | 'withdrawn';
  question?: string | undefined;
}

const first = (h: CaseEvent[], p: (e: CaseEvent) => boolean) => h.find(p);
const last = (h: CaseEvent[], p: (e: CaseEvent) => boolean) => [...h].reverse().find(p);

export function buildTimeline(c: CaseView): TimelineStep[] {
  const h = [...c.history].sort((a, b) => a.seq - b.seq);
  const s = c.state;
  const closedEarly = s === 'withdrawn' || s === 'rejected';

  const submitted = first(h, (e) => e.type === 'submitted' || e.to === 'submitted');
  const submission: TimelineStep = { key: 'submitted', status: s === 'submitted' ? 'current' : 'done', at: submitted?.at ?? c.submittedAt };

  const reviewed = first(h, (e) => e.to === 'in_review');
  const review: TimelineStep = reviewed
    ? { key: 'review', status: s === 'in_review' ? 'current' : 'done', at: reviewed.at }
    : { key: 'review', status: s === 'submitted' ? 'upcoming' : closedEarly ? 'skipped' : 'done' };

  const asked = last(h, (e) => e.to === 'awaiting_customer');
  const question = typeof asked?.data?.question === 'string' ? asked.data.question : typeof asked?.data?.message === 'string' ? asked.data.message : undefined;
  const info: TimelineStep = asked
    ? { key: 'info', status: s === 'awaiting_customer' ? 'current' : 'done', at: asked.at, question }
    : { key: 'info', status: s === 'submitted' || s === 'in_review' ? 'upcoming' : 'skipped' };

  const decided = last(h, (e) => e.to === 'approved' || e.to === 'rejected' || e.to === 'withdrawn');
  const decision: TimelineStep = decided
    ? { key: 'decision', status: 'done', at: decided.at, outcome: decided.to as 'approved' | 'rejected' | 'withdrawn' }
    : { key: 'decision', status: 'upcoming' };

  const finished = first(h, (e) => e.to === 'completed');
  const completed: TimelineStep = finished
    ? { key: 'completed', status: 'done', at: finished.at }
    : { key: 'completed', status: s === 'approved' ? 'current' : closedEarly ? 'skipped' : 'upcoming' };

  return [submission, review, info, decision, completed];
}
