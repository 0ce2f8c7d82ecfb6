import { isDatabase, type Queryable } from './db.js';
import { coalesced } from './coalesce.js';
import { arrayLiteral } from './array-literal.js';
import { caseRecordsChangedSince } from './case-changes.js';
import type { CaseRow, CommunicationRow } from './cases.js';
import type { DocumentKind } from './documents.js';
import type { DocumentType } from '../domain/documents.js';

/** An event of the case as the customer read carries it; `at` in milliseconds since 1970. */
export interface CustomerEventRow {
  seq: number;
  type: string;
  from_state: string | null;
  to_state: string | null;
  actor: string;
  data: Record<string, unknown>;
  at: number;
}

export type CustomerCommunicationRow = Pick<CommunicationRow, 'channel' | 'direction' | 'template' | 'subject' | 'body' | 'status'> & {
  created_at: number;
  sent_at: number | null;
};

export interface CustomerDocumentRow {
  public_id: string;
  kind: DocumentKind;
  /** Sealed. */
  file_name: string;
  content_type: DocumentType;
  size_bytes: number;
  sha256: string;
  uploaded_at: number;
}

export type CustomerCaseRow = Pick<
  CaseRow,
  'reference' | 'state' | 'channel' | 'region' | 'received_on' | 'due_on' | 'due_provisional' | 'sla_paused_days' | 'paused_since' | 'receipt_sha256' | 'refund'
> & {
  submitted_at: Date;
  msisdn: string;
  events: CustomerEventRow[];
  communications: CustomerCommunicationRow[];
  documents: CustomerDocumentRow[];
};

/**
 * What one statement answers: whose the token is (none: unknown or expired); the snapshot it read
 * in; whether no case and no case's records changed since the snapshot the caller offered
 * (`quiet`: then nothing else was read, and the case the caller holds stands as it is, still its
 * holder's); else the fingerprint of the case if it is the token holder's (none: no such case of
 * theirs) and the case, unless the read offered that very fingerprint: then, too, the case as the
 * caller holds it is the case as it stands.
 */
export interface CustomerCaseRead {
  subscriberId: number | undefined;
  snapshot: string;
  quiet: boolean;
  fingerprint: string | undefined;
  case: CustomerCaseRow | undefined;
}

// Milliseconds since 1970, truncated as pg's and PGlite's Date parsing truncates microseconds.
const ms = (col: string) => `floor(extract(epoch FROM ${col}) * 1000)::float8`;

/**
 * The fingerprint of a case's rows as a snapshot sees them: the transaction id that wrote each
 * visible version of the case row, its events, messages and documents (xmin), in their order.
 * Any change committed since — a row inserted, updated or deleted — shows in it: a new or
 * updated row carries the id of a transaction the earlier snapshot could not see (so it is not in
 * the earlier list), and a deletion alone shortens the list. Ids repeat only after 2^32
 * transactions; a fingerprint is offered back for far less long (held-case-views.ts). The line's
 * number, the one other thing the read shows, never changes.
 */
const fingerprintOf = (c: string) => `${c}.xmin::text
  || '|' || (SELECT coalesce(string_agg(e.xmin::text, ',' ORDER BY e.seq), '') FROM case_events e WHERE e.case_id = ${c}.id)
  || '|' || (SELECT coalesce(string_agg(m.xmin::text, ',' ORDER BY m.id), '') FROM communications m WHERE m.case_id = ${c}.id)
  || '|' || (SELECT coalesce(string_agg(d.xmin::text, ',' ORDER BY d.id), '') FROM documents d WHERE d.case_id = ${c}.id)`;

/** A constant text[] written into the statement: planned with it, not parsed from a parameter at every read. */
const textArrayConstant = (values: readonly string[]) => `'${arrayLiteral(values).replace(/'/g, "''")}'::text[]`;

/**
 * The token's holder and the case with its history, messages and documents, for each of several
 * reads in ONE statement (one round trip, one snapshot, no transaction): the customer's progress
 * read, which customers poll. A token counts only while unexpired at $2, the time of the latest
 * read of the statement (no earlier than any read's own); a case only if it is that token
 * holder's. Events of the types `hiddenEventTypes` and messages on `hiddenChannels` are left out
 * (the customer does not see them); they are constants of the statement. $1 and $3–$5 are the
 * reads' tokens, references, and the fingerprints and snapshots of the cases their callers hold
 * (or null); one row per read, in their order: the holder; the statement's snapshot; `quiet` when
 * no transaction the offered snapshot did not see has changed any case or case record since
 * (case_changes and case_record_changes, migrations 0019–0020: then the case is not looked at);
 * else the case's fingerprint, and the case as one JSON value (two fields for pg to parse, not
 * fourteen) only when its fingerprint is not the one offered — building and sending that JSON is
 * most of the read's cost, and a polled case rarely changes between polls.
 * Each OFFSET 0 keeps a subquery whole. The token's: flattened into a join, the plan made once for
 * every batch (Database.queryPlannedOnce) hashed the whole token table at each execution while it
 * was small (0.2 ms of the database's time a statement with 300 tokens) — one index probe a read
 * is right at any size. The quiet test's: inlined, it was evaluated twice a read. The case's:
 * flattened, PostgreSQL found the case by its subscriber and built the JSON of every case the
 * subscriber has before testing the reference. (bench/pgbench-view.ts runs this very statement.)
 */
export const customerCasesSql = (hiddenEventTypes: readonly string[], hiddenChannels: readonly string[]) => `
SELECT t.subscriber_id AS token_subscriber, k.quiet, pg_current_snapshot()::text AS snapshot, r.fp, r.c
  FROM unnest($1::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS q(token_hash, reference, known, known_snapshot, n)
  LEFT JOIN LATERAL (SELECT t.subscriber_id FROM customer_tokens t WHERE t.token_hash = q.token_hash AND t.expires_at > $2::timestamptz OFFSET 0) t ON true
 CROSS JOIN LATERAL (SELECT NOT ${caseRecordsChangedSince('q.known_snapshot')} AS quiet OFFSET 0) k
  LEFT JOIN LATERAL (
    SELECT f.fp, CASE WHEN f.fp IS DISTINCT FROM q.known THEN json_build_object(
             'reference', c.reference, 'state', c.state, 'channel', c.channel, 'region', c.region, 'submitted_at', ${ms('c.submitted_at')},
             'received_on', c.received_on, 'due_on', c.due_on, 'due_provisional', c.due_provisional, 'sla_paused_days', c.sla_paused_days,
             'paused_since', c.paused_since, 'receipt_sha256', c.receipt_sha256, 'refund', c.refund, 'msisdn', l.msisdn,
             'events', (SELECT coalesce(json_agg(json_build_object('seq', e.seq, 'type', e.type, 'from_state', e.from_state, 'to_state', e.to_state,
                                                                   'actor', e.actor, 'data', e.data, 'at', ${ms('e.at')}) ORDER BY e.seq), '[]')
                          FROM case_events e WHERE e.case_id = c.id AND e.type <> ALL(${textArrayConstant(hiddenEventTypes)})),
             'communications', (SELECT coalesce(json_agg(json_build_object('channel', m.channel, 'direction', m.direction, 'template', m.template,
                                                                           'subject', m.subject, 'body', m.body, 'status', m.status,
                                                                           'created_at', ${ms('m.created_at')}, 'sent_at', ${ms('m.sent_at')}) ORDER BY m.id), '[]')
                                  FROM communications m WHERE m.case_id = c.id AND m.channel <> ALL(${textArrayConstant(hiddenChannels)})),
             'documents', (SELECT coalesce(json_agg(json_build_object('public_id', d.public_id, 'kind', d.kind, 'file_name', d.file_name,
                                                                      'content_type', d.content_type, 'size_bytes', d.size_bytes, 'sha256', d.sha256,
                                                                      'uploaded_at', ${ms('d.uploaded_at')}) ORDER BY d.id), '[]')
                             FROM documents d WHERE d.case_id = c.id)) END AS c
      FROM cases c JOIN lines l ON l.id = c.line_id
      CROSS JOIN LATERAL (SELECT ${fingerprintOf('c')} AS fp) f
     WHERE NOT k.quiet AND c.reference = q.reference AND c.subscriber_id = t.subscriber_id
     OFFSET 0
  ) r ON true
 ORDER BY q.n`;

export interface CustomerCaseQuery {
  tokenHash: string;
  now: Date;
  reference: string;
  /** The fingerprint of the case as the caller holds it and the snapshot it stood in, if it does. */
  known: { fingerprint: string; snapshot: string } | null;
  hiddenEventTypes: readonly string[];
  hiddenChannels: readonly string[];
}

type ReadRow = { token_subscriber: number | null; quiet: boolean; snapshot: string; fp: string | null; c: (Omit<CustomerCaseRow, 'submitted_at'> & { submitted_at: number }) | null };

const asRead = (row: ReadRow | undefined): CustomerCaseRead =>
  !row || row.token_subscriber === null
    ? { subscriberId: undefined, snapshot: row?.snapshot ?? '', quiet: false, fingerprint: undefined, case: undefined }
    : {
      subscriberId: row.token_subscriber,
      snapshot: row.snapshot,
      quiet: row.quiet,
      fingerprint: row.fp ?? undefined,
      case: row.c ? { ...row.c, submitted_at: new Date(row.c.submitted_at) } : undefined,
    };

/**
 * Reads that arrive together share a statement (store/coalesce.ts): at most 32 a statement and two
 * statements out at once, which left the most CPU to spare in an A/B of 1, 2, 4 and 10 (server CPU
 * a read 0.30 ms alone, 0.16 ms shared, PostgreSQL's unchanged at about 0.18 ms), planned once
 * (Database.queryPlannedOnce). One reader per database handle and list of hidden kinds.
 */
const readers = new WeakMap<Queryable, Map<string, (q: CustomerCaseQuery) => Promise<CustomerCaseRead>>>();
/** A named statement is one SQL text on a connection: each list of hidden kinds names its own. */
const statementNames = new Map<string, string>();

export function readCustomerCase(db: Queryable, q: CustomerCaseQuery): Promise<CustomerCaseRead> {
  let byHidden = readers.get(db);
  if (!byHidden) readers.set(db, (byHidden = new Map()));
  const key = `${q.hiddenEventTypes.join()}|${q.hiddenChannels.join()}`;
  let read = byHidden.get(key);
  if (!read) {
    const sql = customerCasesSql(q.hiddenEventTypes, q.hiddenChannels);
    let name = statementNames.get(key);
    if (name === undefined) statementNames.set(key, (name = `customer_cases_read_${statementNames.size}`));
    read = coalesced<CustomerCaseQuery, CustomerCaseRead>(async (batch) => {
      const read = isDatabase(db) ? db.queryPlannedOnce.bind(db) : db.query.bind(db);
      let latest = batch[0]!.now;
      for (const b of batch) if (b.now > latest) latest = b.now;
      const rows = await read<ReadRow>(
        sql,
        [batch.map((b) => b.tokenHash), latest, batch.map((b) => b.reference), batch.map((b) => b.known?.fingerprint ?? null), batch.map((b) => b.known?.snapshot ?? null)],
        name,
      );
      if (rows.length !== batch.length) throw new Error(`customer case read: ${rows.length} rows for ${batch.length} reads`);
      return rows.map(asRead);
    }, { maxInFlight: 2, maxBatch: 32 });
    byHidden.set(key, read);
  }
  return read(q);
}
