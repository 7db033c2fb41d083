/**
 * The one seam to the database: a statement and its values in, rows out. Stores and queries
 * take this, never a driver's pool; src/db/sql.ts implements it over pg. The statements
 * themselves live in `*.sql.ts` files.
 */

/** A row's columns are whatever the statement selects. */
export type Row = Record<string, any>;

/** A named statement is prepared once per connection and reused by name. */
export interface Statement {
  name?: string;
  text: string;
}

export interface SqlResult<R> {
  rows: R[];
  /** rows the statement returned or changed; null for statements that report none */
  rowCount: number | null;
}

export interface Queryable {
  query<R extends Row = Row>(statement: string | Statement, values?: unknown[]): Promise<SqlResult<R>>;
}

export interface TransactionOptions<T> {
  isolation?: 'repeatable read' | 'serializable';
  readOnly?: boolean;
  /** false: roll back what `work` did and still return its result (a refusal, not an error); default: commit */
  commit?: (result: T) => boolean;
}

export interface Sql extends Queryable {
  /** BEGIN … COMMIT on one connection; ROLLBACK when `work` throws (and rethrow). */
  transaction<T>(work: (tx: Queryable) => Promise<T>, options?: TransactionOptions<T>): Promise<T>;
}

export interface Listening {
  close(): Promise<void>;
}

/** LISTEN on a connection of its own, held for as long as the listener lives. */
export interface Notifications {
  /** `onLost` is called once if the connection drops; listening again is the caller's choice. */
  listen(channel: string, onNotification: () => void, onLost: (error: Error) => void): Promise<Listening>;
}
