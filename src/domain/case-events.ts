import { caseEvents } from './case-machine.js';

/**
 * Everything a case's history can record: the state machine's events (which move the state)
 * and the facts around them (notes, the SLA clock, the network, documents). The console's
 * timeline, the evidence bundle and the audit trail (`case.<type>`) use these names.
 */
export const caseEventTypes = [
  'submitted',
  ...caseEvents,
  'note',
  'duplicate_flagged',
  'documents_added',
  /** An application came by e-mail: its Message-ID and what SPF, DKIM and DMARC said of the sender. */
  'mail_received',
  'binding_declared',
  'line_suspended',
  'suspension_lifted',
  'call_logged',
  'network_barred',
  'network_unbarred',
  'network_error',
  'network_waiting',
  'sla_started',
  'sla_paused',
  'sla_resumed',
  'sla_recomputed',
  'sla_warned',
  'sla_breached',
  'refund_paid',
] as const;
export type CaseEventType = (typeof caseEventTypes)[number];
