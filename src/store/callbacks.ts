import type { Queryable } from './db.js';
import type { CallbackState } from '../domain/hotline.js';
import type { Language } from '../domain/templates.js';

/** A callback being returned, locked (not its line) so one agent at a time takes it. */
export async function lockCallback(
  tx: Queryable,
  publicId: string,
): Promise<{ id: number; state: CallbackState; line_id: number; subscriber_id: number; msisdn: string } | undefined> {
  const [cb] = await tx.query<{ id: number; state: CallbackState; line_id: number; subscriber_id: number; msisdn: string }>(
    `SELECT b.id, b.state, b.line_id, b.subscriber_id, l.msisdn FROM callbacks b JOIN lines l ON l.id = b.line_id
     WHERE b.public_id = $1 FOR UPDATE OF b`,
    [publicId],
  );
  return cb;
}

/** A line has at most one waiting request. */
export async function findWaitingCallback(
  tx: Queryable,
  lineId: number,
): Promise<{ public_id: string; requested_at: Date; preferred_time: string | null } | undefined> {
  const [b] = await tx.query<{ public_id: string; requested_at: Date; preferred_time: string | null }>(
    `SELECT public_id, requested_at, preferred_time FROM callbacks WHERE line_id = $1 AND state = 'waiting'`,
    [lineId],
  );
  return b;
}

export interface NewCallback {
  publicId: string;
  subscriberId: number;
  lineId: number;
  region: string;
  language: Language;
  /** Sealed by the caller, like the note. */
  phone: string;
  preferredTime: string | null;
  note: string | null;
  at: Date;
}

export async function insertCallback(tx: Queryable, b: NewCallback): Promise<void> {
  await tx.query(
    `INSERT INTO callbacks (public_id, subscriber_id, line_id, region, language, phone, preferred_time, note, requested_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [b.publicId, b.subscriberId, b.lineId, b.region, b.language, b.phone, b.preferredTime, b.note, b.at],
  );
}

/** Marks a waiting callback done; undefined when it was not waiting (nothing changes then). */
export async function markCallbackDone(tx: Queryable, id: number, at: Date, by: string): Promise<{ public_id: string } | undefined> {
  const [done] = await tx.query<{ public_id: string }>(
    `UPDATE callbacks SET state = 'done', handled_at = $2, handled_by = $3 WHERE id = $1 AND state = 'waiting' RETURNING public_id`,
    [id, at, by],
  );
  return done;
}

export interface LineCallbackRow {
  public_id: string;
  state: CallbackState;
  preferred_time: string | null;
  requested_at: Date;
}

/** A line's callbacks, newest first (the caller pop-up shows at most 50). */
export async function listCallbacksOfLine(tx: Queryable, lineId: number): Promise<LineCallbackRow[]> {
  return tx.query<LineCallbackRow>(
    'SELECT public_id, state, preferred_time, requested_at FROM callbacks WHERE line_id = $1 ORDER BY requested_at DESC, id DESC LIMIT 50',
    [lineId],
  );
}

export interface CallbackRow {
  id: number;
  public_id: string;
  subscriber_id: number;
  region: string;
  language: Language;
  /** Sealed, like the note. */
  phone: string;
  preferred_time: string | null;
  note: string | null;
  state: CallbackState;
  requested_at: Date;
  handled_at: Date | null;
  handled_by: string | null;
  msisdn: string;
}

/** Callbacks in one state, oldest first, at most 200. */
export async function listCallbacksInState(tx: Queryable, state: CallbackState): Promise<CallbackRow[]> {
  return tx.query<CallbackRow>(
    `SELECT b.id, b.public_id, b.subscriber_id, b.region, b.language, b.phone, b.preferred_time, b.note, b.state, b.requested_at,
       b.handled_at, b.handled_by, l.msisdn
     FROM callbacks b JOIN lines l ON l.id = b.line_id WHERE b.state = $1 ORDER BY b.requested_at, b.id LIMIT 200`,
    [state],
  );
}
