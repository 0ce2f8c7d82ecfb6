import type { Queryable } from './db.js';

/** A partner's hook; `secret` is sealed (the vault opens it to sign). */
export interface HookRow {
  id: number;
  partner_id: number;
  kind: 'webhook' | 'tmf_hub';
  url: string;
  events: string[];
  secret: string;
  created_at: Date;
}

const hookColumns = 'id, partner_id, kind, url, events, secret, created_at';

export async function insertHook(tx: Queryable, h: { partnerId: number; kind: HookRow['kind']; url: string; events: readonly string[]; sealedSecret: string; at: Date }): Promise<HookRow> {
  const [row] = await tx.query<HookRow>(
    `INSERT INTO partner_hooks (partner_id, kind, url, events, secret, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${hookColumns}`,
    [h.partnerId, h.kind, h.url, JSON.stringify(h.events), h.sealedSecret, h.at],
  );
  return row!;
}

export async function countLiveHooks(db: Queryable, partnerId: number): Promise<number> {
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM partner_hooks WHERE partner_id = $1 AND deleted_at IS NULL', [partnerId]);
  return row!.n;
}

/** A partner's live hooks of one kind; another partner's hooks are never in the answer. */
export async function listHooks(db: Queryable, partnerId: number, kind?: HookRow['kind']): Promise<HookRow[]> {
  return db.query<HookRow>(
    `SELECT ${hookColumns} FROM partner_hooks WHERE partner_id = $1 AND deleted_at IS NULL AND ($2::text IS NULL OR kind = $2) ORDER BY id`,
    [partnerId, kind ?? null],
  );
}

/** The hook if it is this partner's and live. */
export async function findHook(db: Queryable, partnerId: number, hookId: number): Promise<HookRow | undefined> {
  const [row] = await db.query<HookRow>(`SELECT ${hookColumns} FROM partner_hooks WHERE id = $1 AND partner_id = $2 AND deleted_at IS NULL`, [hookId, partnerId]);
  return row;
}

export async function deleteHook(tx: Queryable, hookId: number, at: Date): Promise<void> {
  await tx.query('UPDATE partner_hooks SET deleted_at = $2 WHERE id = $1', [hookId, at]);
}

/**
 * The live webhooks of active partners that should hear of an event: those subscribed to its
 * type, and — for line.terminated — those whose partner stands for one of `boundKinds`.
 */
export async function hooksForEvent(db: Queryable, type: string, boundKinds: readonly string[]): Promise<{ id: number; partner_id: number; cause: 'subscribed' | 'binding' }[]> {
  return db.query(
    `SELECT h.id, h.partner_id, CASE WHEN h.events ? $1 THEN 'subscribed' ELSE 'binding' END AS cause
     FROM partner_hooks h JOIN partners p ON p.id = h.partner_id
     WHERE h.deleted_at IS NULL AND h.kind = 'webhook' AND p.status = 'active'
       AND (h.events ? $1 OR (p.binding IS NOT NULL AND p.binding = ANY($2::text[])))
     ORDER BY h.id`,
    [type, boundKinds],
  );
}

/**
 * The TM Forum listeners of active BSS partners registered for `eventType` (each TMF API has its
 * own hub); `partnerId` narrows them to one partner's (an order's own BSS).
 */
export async function tmfHubs(db: Queryable, eventType: string, partnerId: number | null): Promise<{ id: number; partner_id: number }[]> {
  return db.query(
    `SELECT h.id, h.partner_id FROM partner_hooks h JOIN partners p ON p.id = h.partner_id
     WHERE h.deleted_at IS NULL AND h.kind = 'tmf_hub' AND h.events ? $1 AND p.status = 'active' AND ($2::bigint IS NULL OR h.partner_id = $2)
     ORDER BY h.id`,
    [eventType, partnerId],
  );
}

export interface DeliveryRow {
  id: number;
  hook_id: number;
  partner_id: number;
  webhook_id: string;
  event_type: string;
  cause: 'subscribed' | 'binding' | 'tmf';
  body: string;
  created_at: Date;
  status: 'pending' | 'delivered' | 'failing' | 'dead';
  attempts: number;
  last_attempt_at: Date | null;
  last_status: number | null;
  last_error: string | null;
  delivered_at: Date | null;
}

const deliveryColumns = 'id, hook_id, partner_id, webhook_id, event_type, cause, body, created_at, status, attempts, last_attempt_at, last_status, last_error, delivered_at';

export async function insertDelivery(tx: Queryable, d: { hookId: number; partnerId: number; webhookId: string; eventType: string; cause: DeliveryRow['cause']; body: string; at: Date }): Promise<number> {
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO webhook_deliveries (hook_id, partner_id, webhook_id, event_type, cause, body, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [d.hookId, d.partnerId, d.webhookId, d.eventType, d.cause, d.body, d.at],
  );
  return row!.id;
}

/** The delivery with what sending it needs: the hook's address and sealed secret. */
export async function findDeliveryToSend(db: Queryable, id: number): Promise<(DeliveryRow & { url: string; secret: string; hook_deleted: boolean; partner_active: boolean }) | undefined> {
  const [row] = await db.query<DeliveryRow & { url: string; secret: string; hook_deleted: boolean; partner_active: boolean }>(
    `SELECT ${deliveryColumns.split(', ').map((c) => `d.${c}`).join(', ')}, h.url, h.secret, h.deleted_at IS NOT NULL AS hook_deleted, p.status = 'active' AS partner_active
     FROM webhook_deliveries d JOIN partner_hooks h ON h.id = d.hook_id JOIN partners p ON p.id = d.partner_id WHERE d.id = $1`,
    [id],
  );
  return row;
}

/**
 * Records one attempt. A delivery already `delivered` stays so: a success recorded twice (a
 * worker that lost its lease, say) is still one success. Answers whether this call moved it.
 */
export async function recordAttempt(
  db: Queryable,
  id: number,
  a: { at: Date; status: DeliveryRow['status']; httpStatus: number | null; error: string | null },
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE webhook_deliveries SET attempts = attempts + 1, last_attempt_at = $2, status = $3, last_status = $4, last_error = $5,
       delivered_at = CASE WHEN $3 = 'delivered' THEN $2 ELSE delivered_at END
     WHERE id = $1 AND status <> 'delivered' RETURNING id`,
    [id, a.at, a.status, a.httpStatus, a.error],
  );
  return rows.length === 1;
}

/** A dead delivery put back for another round, with its webhook-id unchanged. */
export async function reopenDelivery(tx: Queryable, id: number): Promise<DeliveryRow | undefined> {
  const [row] = await tx.query<DeliveryRow>(
    `UPDATE webhook_deliveries SET status = 'pending' WHERE id = $1 AND status = 'dead' RETURNING ${deliveryColumns}`,
    [id],
  );
  return row;
}

export async function findDelivery(db: Queryable, id: number): Promise<DeliveryRow | undefined> {
  const [row] = await db.query<DeliveryRow>(`SELECT ${deliveryColumns} FROM webhook_deliveries WHERE id = $1`, [id]);
  return row;
}

/** Newest first, keyset-paged by id; by hook (a partner's own view) or by partner (staff). */
export async function listDeliveries(db: Queryable, by: { hookId: number } | { partnerId: number }, opts: { beforeId?: number; limit: number }): Promise<DeliveryRow[]> {
  const [column, value] = 'hookId' in by ? ['hook_id', by.hookId] : ['partner_id', by.partnerId];
  return db.query<DeliveryRow>(
    `SELECT ${deliveryColumns} FROM webhook_deliveries WHERE ${column} = $1 AND ($2::bigint IS NULL OR id < $2) ORDER BY id DESC LIMIT $3`,
    [value, opts.beforeId ?? null, opts.limit],
  );
}
