/**
 * Delivery receipts as SMS centres write them (SMPP 3.4 appendix B, a de-facto format):
 * `id:IIIIIIIIII sub:SSS dlvrd:DDD submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DDDDDDD err:E text:…`
 * No I/O; the TLVs receipted_message_id (0x001E) and message_state (0x0427) win over the text.
 */

export interface ReceiptText {
  id: string | null;
  stat: string | null;
  err: string | null;
  submitDate: string | null;
  doneDate: string | null;
  sub: string | null;
  dlvrd: string | null;
}

/** Reads the fields it finds; the free `text:` tail is ignored so it cannot fake a `stat:`. */
export function parseReceiptText(raw: string): ReceiptText {
  const head = raw.split(/\btext:/i)[0] ?? '';
  const field = (re: RegExp) => re.exec(head)?.[1] ?? null;
  return {
    id: field(/\bid:(\S+)/i),
    stat: field(/\bstat:(\S+)/i)?.toUpperCase() ?? null,
    err: field(/\berr:(\S+)/i),
    submitDate: field(/\bsubmit date:(\d+)/i),
    doneDate: field(/\bdone date:(\d+)/i),
    sub: field(/\bsub:(\d+)/i),
    dlvrd: field(/\bdlvrd:(\d+)/i),
  };
}

/** message_state values (SMPP 3.4 §5.2.28) in the receipt text's own words. */
const STATES: Record<number, string> = {
  1: 'ENROUTE',
  2: 'DELIVRD',
  3: 'EXPIRED',
  4: 'DELETED',
  5: 'UNDELIV',
  6: 'ACCEPTD',
  7: 'UNKNOWN',
  8: 'REJECTD',
};

/** Not final: the message is still on its way, a later receipt will say how it ended. */
const IN_TRANSIT = new Set(['ENROUTE', 'ACCEPTD', 'SCHEDULED', 'BUFFRED']);

export interface ReceiptOutcome {
  providerMessageId: string;
  delivered: boolean;
  /** The centre's word for a failure (UNDELIV, EXPIRED, REJECTD, …), null when delivered. */
  error: string | null;
}

/**
 * The final outcome a receipt reports, or null when it reports none (no id, no state, or a
 * message still in transit).
 */
export function receiptOutcome(text: string, tlv: { receiptedMessageId?: unknown; messageState?: unknown } = {}): ReceiptOutcome | null {
  const parsed = parseReceiptText(text);
  const tlvId = typeof tlv.receiptedMessageId === 'string' && tlv.receiptedMessageId !== '' ? tlv.receiptedMessageId : null;
  const tlvState = typeof tlv.messageState === 'number' ? (STATES[tlv.messageState] ?? null) : null;
  const id = tlvId ?? parsed.id;
  const stat = tlvState ?? parsed.stat;
  if (!id || !stat || IN_TRANSIT.has(stat)) return null;
  const delivered = stat === 'DELIVRD';
  return { providerMessageId: id, delivered, error: delivered ? null : stat };
}
