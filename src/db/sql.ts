/**
 * The Sql port (src/kernel/sql.ts) over pg: the one place a pg Pool is made. The server opens
 * one in src/app.ts; tools and tests open their own, small ones.
 */
import { Client, Pool, escapeIdentifier, type ClientConfig } from 'pg';
import type { Listening, Notifications, Queryable, Row, Sql, SqlResult, Statement, TransactionOptions } from '../kernel/sql';
import { inSpan, SpanKind, tracingEnabled } from '../kernel/tracing';

/** A statement's span: named by its prepared name, or by its first words. */
function statementSpan<R extends Row>(statement: string | Statement, run: () => Promise<SqlResult<R>>): Promise<SqlResult<R>> {
  const text = typeof statement === 'string' ? statement : statement.text;
  const name = typeof statement === 'string' ? undefined : statement.name;
  const attributes = {
    'db.system.name': 'postgresql',
    'db.operation.name': text.trim().split(/\s+/, 1)[0].toUpperCase(),
    ...(name ? { 'db.query.summary': name } : {}),
    'db.query.text': text.length > 2000 ? `${text.slice(0, 2000)}…` : text,
  };
  return inSpan(`pg ${name ?? attributes['db.operation.name']}`, attributes, run, { kind: SpanKind.CLIENT });
}

/** With tracing on, each statement of a transaction is a span too; off, the client itself. */
const tracedClient = (client: Queryable): Queryable =>
  tracingEnabled() ? { query: (statement: string | Statement, values?: unknown[]) => statementSpan(statement, () => client.query(statement, values)) } as Queryable : client;

export interface SqlOptions {
  url: string;
  poolSize: number;
  /** ms to wait for a connection before failing the request (database down) */
  connectTimeoutMs?: number;
  statementTimeoutMs?: number;
  applicationName?: string;
  /** an idle pooled connection failed (PostgreSQL restarted): the pool drops it and opens another when needed */
  onIdleError?: (error: Error) => void;
}

export interface SqlPool extends Sql, Notifications {
  /** Closes every pooled connection; listeners close on their own. */
  end(): Promise<void>;
}

/** Lost connections (08…, admin shutdown 57P…) and errors not from the server at all. */
const isConnectionError = (error: Error) => !('code' in error) || /^(08|57P)/.test(String((error as { code?: string }).code));

const beginOf = (options: Pick<TransactionOptions<unknown>, 'isolation' | 'readOnly'> | undefined) =>
  !options || (!options.isolation && !options.readOnly)
    ? 'BEGIN'
    : `BEGIN${options.isolation ? ` ISOLATION LEVEL ${options.isolation.toUpperCase()}` : ''}${options.readOnly ? ' READ ONLY' : ''}`;

class PgSql implements SqlPool {
  constructor(
    private readonly pool: Pool,
    private readonly connection: ClientConfig,
  ) {}

  // pg copies the statement into its own query object: a named statement stays shared and untouched
  query<R extends Row = Row>(statement: string | Statement, values?: unknown[]): Promise<SqlResult<R>> {
    if (tracingEnabled()) return statementSpan(statement, () => this.pool.query<R>(statement, values));
    return this.pool.query<R>(statement, values);
  }

  transaction<T>(work: (tx: Queryable) => Promise<T>, options?: TransactionOptions<T>): Promise<T> {
    if (!tracingEnabled()) return this.runTransaction(work, options);
    return inSpan('pg transaction', { 'db.system.name': 'postgresql' }, () => this.runTransaction(work, options), { kind: SpanKind.CLIENT });
  }

  private async runTransaction<T>(work: (tx: Queryable) => Promise<T>, options?: TransactionOptions<T>): Promise<T> {
    const client = await this.pool.connect();
    const traced = tracedClient(client);
    let broken: Error | undefined;
    try {
      await traced.query(beginOf(options));
      // the pooled client itself (unless traced): its query takes the same (statement, values)
      const result = await work(traced);
      await traced.query(!options?.commit || options.commit(result) ? 'COMMIT' : 'ROLLBACK');
      return result;
    } catch (error) {
      broken = error as Error;
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      // a connection that failed mid-transaction is not reused
      client.release(broken && isConnectionError(broken) ? broken : undefined);
    }
  }

  async listen(channel: string, onNotification: () => void, onLost: (error: Error) => void): Promise<Listening> {
    const client = new Client(this.connection);
    let listening = false;
    client.on('notification', () => onNotification());
    // always listened to: an unheard 'error' would end the process
    client.on('error', (error) => {
      if (!listening) return;
      listening = false;
      void client.end().catch(() => undefined);
      onLost(error);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${escapeIdentifier(channel)}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    listening = true;
    return {
      close: async () => {
        listening = false;
        await client.end();
      },
    };
  }

  end(): Promise<void> {
    return this.pool.end();
  }
}

export function openSql(options: SqlOptions): SqlPool {
  const connection: ClientConfig = {
    connectionString: options.url,
    connectionTimeoutMillis: options.connectTimeoutMs,
    statement_timeout: options.statementTimeoutMs,
    application_name: options.applicationName ?? 'duban-workflow',
  };
  const pool = new Pool({
    ...connection,
    max: options.poolSize,
    // A connection the server drops while it is checked out but between queries emits 'error'
    // with nobody listening, which would crash the process (PostgreSQL restarted, failover).
    // Listen on every connection: its next query fails, and the pool discards it on release.
    onConnect: (client) => {
      client.on('error', () => undefined);
    },
  });
  pool.on('error', (error) => options.onIdleError?.(error));
  return new PgSql(pool, connection);
}
