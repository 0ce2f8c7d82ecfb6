/**
 * The moment an application was submitted and its receipt day are two different things: after the
 * region's closing time, or on a day that is not a working day, an application is received on the
 * next working day, and the 7 working days count from there (src/domain/calendar.ts). A decision may
 * still come sooner. What the customer is told about it is worked out here, in the region's time
 * zone (the receipt day is a day of the region's calendar).
 */
import type { CustomerCase as CaseView } from '../../../src/http/responses/cases.js';

/** The calendar day (YYYY-MM-DD) an instant falls on in `timeZone`. */
export function dayInZone(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

export interface ReceiptDayFacts {
  /** The day the application was submitted, in the region. */
  submittedOn: string;
  /** Submitted outside working hours: the receipt day is a later day than the submission's. */
  receivedLater: boolean;
  /** The day of a decision (approval or refusal) taken before the receipt day, else null. */
  decidedEarlyOn: string | null;
}

export function receiptDayFacts(c: Pick<CaseView, 'submittedAt' | 'receivedOn' | 'history'>, timeZone: string): ReceiptDayFacts {
  const submittedOn = dayInZone(c.submittedAt, timeZone);
  const decided = [...c.history].sort((a, b) => b.seq - a.seq).find((e) => e.to === 'approved' || e.to === 'rejected');
  const decidedOn = decided ? dayInZone(decided.at, timeZone) : null;
  return {
    submittedOn,
    receivedLater: c.receivedOn > submittedOn,
    decidedEarlyOn: decidedOn !== null && decidedOn < c.receivedOn ? decidedOn : null,
  };
}
