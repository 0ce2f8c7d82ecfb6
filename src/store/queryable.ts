/** Anything SQL can be sent to: a whole database (db.ts) or one transaction on it. */
export interface Queryable {
  /**
   * `name` makes it a prepared statement on PostgreSQL: parsed and planned once per connection,
   * then only bound and run (for the hot reads; the same name must always carry the same SQL).
   * PGlite has no use for it.
   */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[], name?: string): Promise<T[]>;
}
