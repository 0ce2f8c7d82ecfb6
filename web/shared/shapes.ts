/** The words of the domain that the customer API and the staff API (docs/console-api.md) both answer with. */

export type CaseState = 'submitted' | 'in_review' | 'awaiting_customer' | 'approved' | 'rejected' | 'withdrawn' | 'completed';
export type LineStatus = 'active' | 'suspended' | 'pending_termination' | 'terminated' | 'released';
export type RefundMethod = 'original_payment' | 'bank_transfer' | 'account_credit';
export const refundMethods: readonly RefundMethod[] = ['original_payment', 'bank_transfer', 'account_credit'];

/** One entry of a case's history. */
export interface CaseEvent {
  seq: number;
  type: string;
  from: CaseState | null;
  to: CaseState | null;
  actor: string;
  at: string;
  data?: Record<string, unknown>;
}
