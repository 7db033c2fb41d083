/**
 * Delivers the stream to webhook endpoints, on any node: an endpoint is leased by one node at a
 * time, its messages are POSTed one by one in stream order (so in order per workflow), signed,
 * and its cursor advances only on a 2xx. A failure backs off exponentially and keeps the
 * position: nothing is skipped, nothing is lost across restarts (the cursor is in PostgreSQL).
 */
import type { Logger } from 'pino';
import { rowToMessage, type StreamMessage } from '../stream/message';
import type { Config } from '../config';
import type { Clock } from '../kernel/clock';
import type { Sql } from '../kernel/sql';
import { contextFrom, inSpan, SpanKind, withTraceHeaders } from '../kernel/tracing';
import { readStream, selectHead } from '../stream/stream.sql';
import { hostAllowed } from './allow-list';
import { signature, standardSignature } from './signature';
import type { WebhookEndpoint, WebhookFormat, WebhookStore } from './webhook-store';
import { cloudEventOf, integratorMessage } from '../stream/cloud-event';

export type WebhookOptions = Config['webhooks'];

/** The body of a delivery: the stream message as JSON, or as a CloudEvent (structured mode). */
export function webhookBody(m: StreamMessage, format: WebhookFormat = 'JSON', source = 'urn:duban:zhaoyuan'): string {
  return JSON.stringify(format === 'CLOUDEVENTS' ? cloudEventOf(m, source) : integratorMessage(m));
}

/** The current secret, and the previous one while a rotation's overlap lasts. */
export function secretsInForce(endpoint: WebhookEndpoint, now: Date): string[] {
  const previous = endpoint.previousSecret && endpoint.previousSecretUntil && endpoint.previousSecretUntil > now;
  return previous ? [endpoint.secret, endpoint.previousSecret!] : [endpoint.secret];
}

export class WebhookWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private stopped = true;

  constructor(
    private readonly store: WebhookStore,
    private readonly sql: Sql,
    private readonly logger: Logger,
    private readonly options: WebhookOptions,
    /** the service's clock: leases, attempt times, the retry schedule and the signed timestamp */
    private readonly clock: Clock,
  ) {}

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.options.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** Active endpoints as of the last look; with none, a commit costs no query at all. */
  private activeEndpoints = 1;

  get hasActiveEndpoints(): boolean {
    return this.activeEndpoints > 0;
  }

  /** New positions exist: nothing to do unless some endpoint is active (the poll looks again). */
  kickWhenSequenced(): void {
    if (this.activeEndpoints > 0) this.kick();
  }

  kick(): void {
    if (this.running || this.stopped) return;
    this.running = this.runOnce()
      .catch((error) => this.logger.warn({ err: error }, 'webhook delivery round failed'))
      .finally(() => (this.running = null));
  }

  /** Serves every endpoint that has work now, once each. */
  async runOnce(): Promise<void> {
    this.activeEndpoints = await this.store.activeCount();
    for (let i = 0; i < 100; i++) {
      const endpoint = await this.store.lease(this.clock.now(), this.options.timeoutMs * (this.options.batchSize + 1));
      if (!endpoint) return;
      try {
        await this.serve(endpoint);
      } finally {
        await this.store.release(endpoint.id);
      }
    }
  }

  private async serve(endpoint: WebhookEndpoint): Promise<void> {
    // the head first: rows up to it are all readable now, so none matching can be skipped below
    const head = await this.sql.query(selectHead);
    const statement = readStream(endpoint.cursor, this.options.batchSize, endpoint.filter, null, true);
    const { rows } = await this.sql.query(statement, statement.values);
    if (rows.length === 0) {
      // nothing for this endpoint (filtered out, or confidential): remember how far we looked
      await this.store.skipTo(endpoint.id, BigInt(head.rows[0].head));
      return;
    }
    for (const row of rows) {
      const message = rowToMessage(row);
      const outcome = await this.post(endpoint, message);
      const now = this.clock.now();
      if ('error' in outcome) {
        const delay = Math.min(this.options.retryMaxMs, this.options.retryBaseMs * 2 ** endpoint.attempts);
        await this.store.failed(endpoint, message.position, message.workflowId, outcome.status, outcome.error, new Date(now.getTime() + delay), now);
        return;
      }
      await this.store.delivered(endpoint, message.position, message.workflowId, outcome.status, now);
      endpoint.attempts = 0;
    }
  }

  /** One POST, in the trace of the request that made the transition when it had one. */
  private post(endpoint: WebhookEndpoint, message: StreamMessage): Promise<{ status: number } | { status: number | null; error: string }> {
    const parent = message.traceparent ? contextFrom({ traceparent: message.traceparent }) : undefined;
    return inSpan(
      'webhook.deliver',
      { 'webhook.id': endpoint.id, 'workflow.id': message.workflowId, 'stream.position': message.cursor, 'server.address': new URL(endpoint.url).host },
      async (span) => {
        const outcome = await this.postUntraced(endpoint, message);
        span?.setAttribute('http.response.status_code', outcome.status ?? 0);
        return outcome;
      },
      { kind: SpanKind.CLIENT, parent },
    );
  }

  private async postUntraced(
    endpoint: WebhookEndpoint,
    message: StreamMessage,
  ): Promise<{ status: number } | { status: number | null; error: string }> {
    if (!hostAllowed(endpoint.url, this.options.allowedHosts)) {
      return { status: null, error: 'host not in WEBHOOK_ALLOWED_HOSTS' };
    }
    const body = webhookBody(message, endpoint.format, this.options.eventSource);
    // receivers check the timestamp against their own clocks: the wall clock's, as tokens are
    const timestamp = Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      'content-type': endpoint.format === 'CLOUDEVENTS' ? 'application/cloudevents+json' : 'application/json',
      'webhook-id': message.cursor,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': standardSignature(secretsInForce(endpoint, this.clock.now()), message.cursor, timestamp, body),
    };
    if (this.options.legacyHeaders) {
      headers['x-duban-event-id'] = message.cursor;
      headers['x-duban-timestamp'] = String(timestamp);
      headers['x-duban-signature'] = signature(endpoint.secret, timestamp, body);
    }
    try {
      const res = await fetch(endpoint.url, {
        method: 'POST',
        redirect: 'manual', // a redirect could lead anywhere: not followed
        signal: AbortSignal.timeout(this.options.timeoutMs),
        headers: withTraceHeaders(headers),
        body,
      });
      await res.arrayBuffer().catch(() => undefined);
      return res.status >= 200 && res.status < 300 ? { status: res.status } : { status: res.status, error: `HTTP ${res.status}` };
    } catch (error) {
      return { status: null, error: (error as Error).message };
    }
  }
}
