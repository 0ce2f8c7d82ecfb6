/*
 * The hotline desk's closed sets and its rule for a verified caller: what the routes accept,
 * what the calls table stores, and what the desk counts as "knows who is calling".
 */

export const callStates = ['ringing', 'active', 'ended'] as const;
export type CallState = (typeof callStates)[number];
export const callDirections = ['in', 'out'] as const;
export type CallDirection = (typeof callDirections)[number];
export const callFacts = ['name', 'id_number', 'email', 'iccid_last6'] as const;
export type CallFact = (typeof callFacts)[number];
export const callOutcomes = ['case_opened', 'status_given', 'not_verified', 'callback_done', 'no_answer', 'other'] as const;
export type CallOutcome = (typeof callOutcomes)[number];
export const callbackStates = ['waiting', 'done', 'cancelled'] as const;
export type CallbackState = (typeof callbackStates)[number];

/** Wrong answers a call may give before its verification locks: guessing stops there. */
export const maxFailedChecks = 3;
/**
 * Wrong answers for one number across all its calls in a day: a caller who fails on one call
 * and rings again for a fresh agent gets one more call's worth, then must verify in the portal
 * (a code to the line or its e-mail) or at a store with an identity document.
 */
export const maxFailedChecksPerNumber = 6;
export const numberLockMs = 24 * 3600_000;

/** Name and ID number are what the contract asks before anything is done on a caller's behalf. */
export const isVerified = (facts: readonly CallFact[]) => facts.includes('name') && facts.includes('id_number');
export const inFactOrder = (facts: readonly CallFact[]) => callFacts.filter((f) => facts.includes(f));
