/** Webhook endpoints, their cursors into the stream, and the delivery log. */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../machines/definition';
import type { Row, Sql } from '../kernel/sql';
import type { StreamFilter } from '../stream/stream.sql';
import { newSecret } from './signature';
import * as statements from './webhook.sql';

/** JSON: the stream message as the body; CLOUDEVENTS: it as a CloudEvents 1.0 event (structured mode). */
export type WebhookFormat = 'JSON' | 'CLOUDEVENTS';

export interface WebhookEndpoint {
  id: string;
  url: string;
  /** `whsec_…` (Standard Webhooks) */
  secret: string;
  /** the secret before the last rotation, still signing beside the new one until `previousSecretUntil` */
  previousSecret: string | null;
  previousSecretUntil: Date | null;
  format: WebhookFormat;
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

/** A webhook_delivery row as selected (`SELECT *`). */
type DeliveryRow = Omit<Delivery, 'endpointId' | 'workflowId'> & { endpoint_id: string; workflow_id: string };

const endpointOf = (r: Row): WebhookEndpoint => ({
  id: r.id,
  url: r.url,
  secret: r.secret,
  previousSecret: r.previous_secret,
  previousSecretUntil: r.previous_secret_until,
  format: r.format,
  filter: r.filter,
  active: r.active,
  cursor: BigInt(r.cursor),
  attempts: r.attempts,
  retryAt: r.retry_at,
  lastError: r.last_error,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

const deliveryOf = (r: DeliveryRow): Delivery => ({
  ...r,
  id: String(r.id),
  endpointId: r.endpoint_id,
  workflowId: r.workflow_id,
  position: String(r.position),
});

export class WebhookStore {
  constructor(private readonly sql: Sql) {}

  async register(url: string, filter: StreamFilter, secret: string | null, from: bigint | null, actor: Actor, now: Date, format: WebhookFormat) {
    // from: where the endpoint starts; by default, from now on
    const { rows } = await this.sql.query(statements.insertEndpoint, [
      randomUUID(), url, secret ?? newSecret(), filter, from?.toString() ?? null, actor, now, format,
    ]);
    return endpointOf(rows[0]);
  }

  /** A new secret; the old one keeps signing beside it until `overlapUntil`. */
  async rotateSecret(id: string, secret: string, overlapUntil: Date): Promise<WebhookEndpoint | null> {
    const { rows } = await this.sql.query(statements.rotateSecret, [id, secret, overlapUntil]);
    return rows[0] ? endpointOf(rows[0]) : null;
  }

  async setFormat(id: string, format: WebhookFormat): Promise<WebhookEndpoint | null> {
    const { rows } = await this.sql.query(statements.setFormat, [id, format]);
    return rows[0] ? endpointOf(rows[0]) : null;
  }

  async activeCount(): Promise<number> {
    return (await this.sql.query(statements.countActive)).rows[0].n;
  }

  async list(): Promise<WebhookEndpoint[]> {
    return (await this.sql.query(statements.selectEndpoints)).rows.map(endpointOf);
  }

  async get(id: string): Promise<WebhookEndpoint | null> {
    const { rows } = await this.sql.query(statements.selectEndpoint, [id]);
    return rows[0] ? endpointOf(rows[0]) : null;
  }

  /** Moves the cursor (replay from a position, or skip ahead) and clears any backoff. */
  async reposition(id: string, cursor: bigint, active: boolean): Promise<WebhookEndpoint | null> {
    const { rows } = await this.sql.query(statements.repositionEndpoint, [id, cursor.toString(), active]);
    return rows[0] ? endpointOf(rows[0]) : null;
  }

  async deliveries(endpointId: string, first: number): Promise<Delivery[]> {
    const { rows } = await this.sql.query<DeliveryRow>(statements.selectDeliveries, [endpointId, first]);
    return rows.map(deliveryOf);
  }

  /** One delivery attempt by its serial number (digits), or null. */
  async delivery(id: string): Promise<Delivery | null> {
    const { rows } = await this.sql.query<DeliveryRow>(statements.selectDelivery, [id]);
    return rows[0] ? deliveryOf(rows[0]) : null;
  }

  /**
   * Leases one endpoint that has work to try now, so exactly one node delivers to it at a time
   * and its deliveries stay in order; the lease expires if the node dies.
   */
  async lease(now: Date, leaseMs: number): Promise<WebhookEndpoint | null> {
    const { rows } = await this.sql.query(statements.leaseEndpoint, [now, leaseMs]);
    return rows[0] ? endpointOf(rows[0]) : null;
  }

  async delivered(endpoint: WebhookEndpoint, position: bigint, workflowId: string, status: number, now: Date): Promise<void> {
    await this.sql.query(statements.recordDelivered, [endpoint.id, position.toString(), workflowId, endpoint.attempts + 1, status, now]);
  }

  /** Advances past rows the filter does not select, so they are not read again. */
  async skipTo(endpointId: string, position: bigint): Promise<void> {
    await this.sql.query(statements.skipEndpointTo, [endpointId, position.toString()]);
  }

  async failed(endpoint: WebhookEndpoint, position: bigint, workflowId: string, status: number | null, error: string, retryAt: Date, now: Date) {
    await this.sql.query(statements.recordFailed, [
      endpoint.id, position.toString(), workflowId, endpoint.attempts + 1, error.slice(0, 500), retryAt, status, now,
    ]);
  }

  async release(endpointId: string): Promise<void> {
    await this.sql.query(statements.releaseEndpoint, [endpointId]);
  }
}
