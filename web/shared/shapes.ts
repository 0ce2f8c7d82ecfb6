/**
 * The words of the domain that the customer API and the staff API (docs/console-api.md) both
 * answer with: types from the API's response schemas (src/http/responses; type imports only,
 * nothing of the server reaches the bundle).
 */
export type { CaseChannel, CaseEvent, CaseState, LineStatus } from '@api/common';

/** What the customer or the agent picks for prepaid credit coming back (a request, not an answer). */
export type RefundMethod = 'original_payment' | 'bank_transfer' | 'account_credit';
export const refundMethods: readonly RefundMethod[] = ['original_payment', 'bank_transfer', 'account_credit'];
