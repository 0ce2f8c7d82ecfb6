/** What our test SMSC records and how it can be told to behave (shared by the process and its handle). */

export interface SubmittedSm {
  /** The id the SMSC gave it in submit_sm_resp. */
  messageId: string;
  systemId: string;
  sourceAddr: string;
  sourceTon: number;
  sourceNpi: number;
  destinationAddr: string;
  destTon: number;
  destNpi: number;
  dataCoding: number;
  esmClass: number;
  registeredDelivery: number;
  /** From the UDH's concatenation element, when the part has one. */
  udh: { reference: number; total: number; sequence: number } | null;
  /** The part's text as the SMSC decodes it (smpp package: UCS-2 for 8, GSM default alphabet for 0). */
  text: string;
  /** When it arrived (ms since the epoch). */
  at: number;
}

export interface SmscMode {
  /** What to send back for each accepted submit_sm: a DELIVRD receipt, an UNDELIV one, or nothing. */
  receipts: 'delivered' | 'undeliverable' | 'none';
  receiptDelayMs: number;
  /** Answer the next N submit_sm with ESME_RTHROTTLED. */
  throttle: number;
  /** Accept this many submit_sm before the throttling starts (to throttle the middle of a long text). */
  throttleAfter: number;
  /** Answer the next N submit_sm with `refuseStatus` (default ESME_RINVDSTADR). */
  refuse: number;
  refuseStatus: number;
  /** Let enquire_link go unanswered (a half-dead link). */
  ignoreEnquireLink: boolean;
  /** Hold every submit_sm_resp this long (to fill the client's window). */
  respondAfterMs: number;
}

export interface SmscStats {
  binds: number;
  bindFailures: number;
  enquireLinks: number;
  /** Sessions bound now. */
  sessions: number;
  /** The most submit_sm waiting for our answer at once. */
  maxOutstanding: number;
  throttled: number;
  refused: number;
  /** deliver_sm we sent and the status the client answered with. */
  deliveries: { kind: 'text' | 'receipt'; status: number }[];
  /** deliver_sm waiting for a bound session. */
  waiting: number;
}

/** The control port's commands, as POST /mode bodies. */
export type SmscCommand = Partial<SmscMode> & {
  /** Cut every connection now (the client should come back by itself). */
  drop?: boolean;
  /** false: close the port and cut every connection (down); true: listen again. */
  accepting?: boolean;
};
