import smpp from 'smpp';
import { OutsideError } from '../outside-error.js';

/**
 * What an SMS centre's command_status means for a message: a few say "not now" (throttled, queue
 * full, a passing fault), the rest say "never" (a bad number, a refused sender, …).
 */
const byCode = new Map<number, string>(Object.entries(smpp.errors).map(([name, code]) => [code, name]));

export const ESME_ROK = 0x00;
export const ESME_RSYSERR = 0x08;
export const ESME_RMSGQFUL = 0x14;
export const ESME_RTHROTTLED = 0x58;
export const ESME_RX_T_APPN = 0x64;

const TEMPORARY = new Set([ESME_RSYSERR, ESME_RMSGQFUL, ESME_RTHROTTLED, ESME_RX_T_APPN]);

export const isTemporaryStatus = (status: number): boolean => TEMPORARY.has(status);

/** `ESME_RTHROTTLED (0x00000058)`, or just the hex for a vendor's own code. */
export function statusName(status: number): string {
  const hex = `0x${status.toString(16).padStart(8, '0')}`;
  const name = byCode.get(status);
  return name ? `${name} (${hex})` : hex;
}

/** The SMS centre refused a submit_sm: temporary or permanent by its status. */
export function refusal(status: number, what = 'submit_sm'): OutsideError {
  return new OutsideError(`SMPP ${what} refused: ${statusName(status)}`, !isTemporaryStatus(status), 'smpp');
}

/** The message may well pass later (no connection, no answer, closing): the outbox backs off. */
export const temporary = (message: string): OutsideError => new OutsideError(`SMPP: ${message}`, false, 'smpp');

export const permanent = (message: string): OutsideError => new OutsideError(`SMPP: ${message}`, true, 'smpp');
