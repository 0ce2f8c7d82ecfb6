/**
 * The words of the domain that the customer API and the staff API (docs/console-api.md) both
 * answer with: types from the API's response schemas (src/http/responses; type imports only,
 * nothing of the server reaches the bundle).
 */
export type { CaseChannel, CaseEvent, CaseState, LineStatus } from '@api/common';

/** The refund choices (web/shared/refund.ts, which the server's tests import without the apps' aliases). */
export { refundMethods, type RefundDestination, type RefundMethod, type RefundRequest } from './refund.js';
