import { conflict } from './errors.js';

/** The states of a cancellation case (CONTRACT §3). */
export const caseStates = [
  'submitted',
  'in_review',
  'awaiting_customer',
  'approved',
  'rejected',
  'withdrawn',
  'completed',
] as const;
export type CaseState = (typeof caseStates)[number];

export const caseEvents = [
  'assign',
  'request_info',
  'customer_reply',
  'approve',
  'reject',
  'withdraw',
  'fulfilled',
  'lapse',
] as const;
export type CaseEvent = (typeof caseEvents)[number];

export interface Transition {
  from: CaseState;
  event: CaseEvent;
  to: CaseState;
}

/**
 * The whole state machine as data: code, tests, the docs and the console's timeline read it.
 * `assign` from in_review / awaiting_customer is a reassignment and keeps the state.
 */
export const transitions: readonly Transition[] = [
  { from: 'submitted', event: 'assign', to: 'in_review' },
  { from: 'in_review', event: 'assign', to: 'in_review' },
  { from: 'awaiting_customer', event: 'assign', to: 'awaiting_customer' },
  { from: 'in_review', event: 'request_info', to: 'awaiting_customer' },
  { from: 'awaiting_customer', event: 'customer_reply', to: 'in_review' },
  { from: 'in_review', event: 'approve', to: 'approved' },
  { from: 'in_review', event: 'reject', to: 'rejected' },
  { from: 'approved', event: 'fulfilled', to: 'completed' },
  // Withdrawal is allowed in any state before approval.
  { from: 'submitted', event: 'withdraw', to: 'withdrawn' },
  { from: 'in_review', event: 'withdraw', to: 'withdrawn' },
  { from: 'awaiting_customer', event: 'withdraw', to: 'withdrawn' },
  // The customer did not answer an information request in time: the sweeper closes the case.
  { from: 'awaiting_customer', event: 'lapse', to: 'withdrawn' },
];

/** A case in one of these states blocks a new case on the same line (one open case per line). */
export const openStates: readonly CaseState[] = ['submitted', 'in_review', 'awaiting_customer', 'approved'];
export const finalStates: readonly CaseState[] = ['rejected', 'withdrawn', 'completed'];
/** Still waiting for a decision: the SLA clock runs (or is paused) and the case can still breach. */
export const undecidedStates: readonly CaseState[] = ['submitted', 'in_review', 'awaiting_customer'];
export const isUndecided = (state: CaseState) => undecidedStates.includes(state);

/** The SLA clock stops while the operator waits for the customer. */
export const isPaused = (state: CaseState) => state === 'awaiting_customer';

export function canApply(state: CaseState, event: CaseEvent): boolean {
  return transitions.some((t) => t.from === state && t.event === event);
}

export function nextState(state: CaseState, event: CaseEvent): CaseState {
  const t = transitions.find((x) => x.from === state && x.event === event);
  if (!t) {
    throw conflict('invalid_transition', `A case that is ${state} cannot take "${event}".`, {
      state,
      event,
      allowed: allowedEvents(state),
    });
  }
  return t.to;
}

export function allowedEvents(state: CaseState): CaseEvent[] {
  return transitions.filter((t) => t.from === state).map((t) => t.event);
}
