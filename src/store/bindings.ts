import type { Queryable } from './db.js';
import type { BindingKind } from '../domain/precheck.js';
import type { BindingRow } from './lines.js';

/** One declared binding of a line, locked while the customer's word about it is recorded. */
export async function lockBinding(tx: Queryable, lineId: number, kind: BindingKind): Promise<{ state: BindingRow['state'] } | undefined> {
  const [row] = await tx.query<{ state: BindingRow['state'] }>('SELECT state FROM bindings WHERE line_id = $1 AND kind = $2 FOR UPDATE', [lineId, kind]);
  return row;
}

export async function saveBinding(tx: Queryable, lineId: number, kind: BindingKind, state: BindingRow['state'], at: Date): Promise<void> {
  await tx.query(
    `INSERT INTO bindings (line_id, kind, state, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (line_id, kind) DO UPDATE SET state = EXCLUDED.state, updated_at = EXCLUDED.updated_at`,
    [lineId, kind, state, at],
  );
}

/** A binding as an import file lists it; the row's updated_at is the time of the import. */
export async function insertBinding(tx: Queryable, lineId: number, kind: BindingKind, state: BindingRow['state']): Promise<void> {
  await tx.query('INSERT INTO bindings (line_id, kind, state) VALUES ($1, $2, $3)', [lineId, kind, state]);
}
