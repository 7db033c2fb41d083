/** Webhook endpoints, their cursors into the stream, and the delivery log. */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Pool, QueryResultRow } from 'pg';
import type { Actor } from '../../machines/definition';
import type { StreamFilter } from '../stream/stream.sql';

export interface WebhookEndpoint {
  id: string;
  url: string;
  secret: string;
  filter: StreamFilter;
  active: boolean;
  cursor: bigint;
  attempts: number;
  retryAt: Date | null;
  lastError: string | null;
  createdBy: Actor;
  createdAt: Date;
}

export interface Delivery {
  id: string;
  endpointId: string;
  position: string;
  workflowId: string;
  attempt: number;
  ok: boolean;
  status: number | null;
  error: string | null;
  at: Date;
}

const endpointOf = (r: QueryResultRow): WebhookEndpoint => ({
  id: r.id,
  url: r.url,
  secret: r.secret,
  filter: r.filter,
  active: r.active,
  cursor: BigInt(r.cursor),
  attempts: r.attempts,
  retryAt: r.retry_at,
  lastError: r.last_error,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

export class WebhookStore {
  constructor(private readonly pool: Pool) {}

  async register(url: string, filter: StreamFilter, secret: string | null, from: bigint | null, actor: Actor, now: Date) {
    // from: where the endpoint starts; by default, from now on
    const { rows } = await this.pool.query(
      `INSERT INTO webhook_endpoint (id, url, secret, filter, cursor, created_by, created_at)
       VALUES ($1, $2, $3, $4, coalesce($5, (SELECT coalesce(max(position), 0) FROM outbox)), $6, $7) RETURNING *`,
      [randomUUID(), url, secret ?? randomBytes(24).toString('base64url'), filter, from?.toString() ?? null, actor, now],
    );
    return endpointOf(rows[0]);
  }

  async activeCount(): Promise<number> {
    return (await this.pool.query(`SELECT count(*)::int AS n FROM webhook_endpoint WHERE active`)).rows[0].n;
  }

  async list(): Promise<WebhookEndpoint[]> {
    return (await this.pool.query(`SELECT * FROM webhook_endpoint ORDER BY created_at, id`)).rows.map(endpointOf);
  }

  async get(id: string): Promise<WebhookEndpoint | null> {
    const { rows } = await this.pool.query(`SELECT * FROM webhook_endpoint WHERE id = $1`, [id]);
    return rows[0] ? endpointOf(rows[0]) : null;
  }

  /** Moves the cursor (replay from a position, or skip ahead) and clears any backoff. */
  async reposition(id: string, cursor: bigint, active: boolean): Promise<WebhookEndpoint | null> {
    const { rows } = await this.pool.query(
      `UPDATE webhook_endpoint SET cursor = $2, active = $3, attempts = 0, retry_at = NULL, last_error = NULL
       WHERE id = $1 RETURNING *`,
      [id, cursor.toString(), active],
    );
    return rows[0] ? endpointOf(rows[0]) : null;
  }

  async deliveries(endpointId: string, first: number): Promise<Delivery[]> {
    const { rows } = await this.pool.query(
      `SELECT * FROM webhook_delivery WHERE endpoint_id = $1 ORDER BY id DESC LIMIT $2`,
      [endpointId, first],
    );
    return rows.map((r) => ({ ...r, id: String(r.id), endpointId: r.endpoint_id, workflowId: r.workflow_id, position: String(r.position) }));
  }

  /**
   * Leases one endpoint that has work to try now, so exactly one node delivers to it at a time
   * and its deliveries stay in order; the lease expires if the node dies.
   */
  async lease(now: Date, leaseMs: number): Promise<WebhookEndpoint | null> {
    const { rows } = await this.pool.query(
      `UPDATE webhook_endpoint SET leased_until = $1::timestamptz + make_interval(secs => $2::float8 / 1000)
       WHERE id = (
         SELECT e.id FROM webhook_endpoint e
         WHERE e.active AND (e.retry_at IS NULL OR e.retry_at <= $1) AND (e.leased_until IS NULL OR e.leased_until < $1)
           AND EXISTS (SELECT 1 FROM outbox o WHERE o.position > e.cursor)
         ORDER BY e.retry_at NULLS FIRST, e.id LIMIT 1 FOR UPDATE SKIP LOCKED
       ) RETURNING *`,
      [now, leaseMs],
    );
    return rows[0] ? endpointOf(rows[0]) : null;
  }

  async delivered(endpoint: WebhookEndpoint, position: bigint, workflowId: string, status: number, now: Date): Promise<void> {
    await this.pool.query(
      `WITH moved AS (UPDATE webhook_endpoint SET cursor = $2, attempts = 0, retry_at = NULL, last_error = NULL WHERE id = $1)
       INSERT INTO webhook_delivery (endpoint_id, position, workflow_id, attempt, ok, status, at) VALUES ($1, $2, $3, $4, true, $5, $6)`,
      [endpoint.id, position.toString(), workflowId, endpoint.attempts + 1, status, now],
    );
  }

  /** Advances past rows the filter does not select, so they are not read again. */
  async skipTo(endpointId: string, position: bigint): Promise<void> {
    await this.pool.query(`UPDATE webhook_endpoint SET cursor = greatest(cursor, $2) WHERE id = $1`, [endpointId, position.toString()]);
  }

  async failed(endpoint: WebhookEndpoint, position: bigint, workflowId: string, status: number | null, error: string, retryAt: Date, now: Date) {
    await this.pool.query(
      `WITH backoff AS (UPDATE webhook_endpoint SET attempts = attempts + 1, retry_at = $6, last_error = $5, leased_until = NULL WHERE id = $1)
       INSERT INTO webhook_delivery (endpoint_id, position, workflow_id, attempt, ok, status, error, at) VALUES ($1, $2, $3, $4, false, $7, $5, $8)`,
      [endpoint.id, position.toString(), workflowId, endpoint.attempts + 1, error.slice(0, 500), retryAt, status, now],
    );
  }

  async release(endpointId: string): Promise<void> {
    await this.pool.query(`UPDATE webhook_endpoint SET leased_until = NULL WHERE id = $1`, [endpointId]);
  }
}
