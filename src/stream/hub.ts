/**
 * One per node: listens on the stream channel (any node's sequencer NOTIFYs it), reads the new
 * positions from the outbox in order, and offers each message to this node's subscribers. A
 * notification is only a hint to look; a poll covers lost ones and reconnects.
 */
import type { Logger } from 'pino';
import { followChannel, type Following } from '../kernel/follow';
import type { Notifications, Sql } from '../kernel/sql';
import { contextFrom, startSpan, tracingEnabled } from '../kernel/tracing';
import { setSubscriptionCount } from '../metrics';
import { rowToMessage, type StreamMessage } from './message';
import { readStream, selectHead, STREAM_CHANNEL } from './stream.sql';

export interface StreamSubscriber {
  offer(message: StreamMessage): void;
}

const PAGE = 1000;

export class StreamHub {
  private readonly subscribers = new Set<StreamSubscriber>();
  private lastFetched = 0n;
  private following: Following | null = null;
  private pumping: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly db: Sql & Notifications,
    private readonly logger: Logger,
    private readonly options: { pollMs: number },
  ) {}

  async start(): Promise<void> {
    const { rows } = await this.db.query(selectHead);
    this.lastFetched = BigInt(rows[0].head);
    this.following = await followChannel(this.db, STREAM_CHANNEL, () => this.wake(), {
      pollMs: this.options.pollMs,
      onError: (error, what) => this.logger.warn({ err: error }, what),
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.following?.stop();
    await this.pumping;
  }

  /** The last position this node has read and offered. */
  head(): bigint {
    return this.lastFetched;
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  subscribe(subscriber: StreamSubscriber): () => void {
    this.subscribers.add(subscriber);
    setSubscriptionCount(this.subscribers.size);
    return () => {
      this.subscribers.delete(subscriber);
      setSubscriptionCount(this.subscribers.size);
    };
  }

  /** Reads what is new; calls while reading coalesce into one more read. */
  wake(): void {
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = this.pump()
      .catch((error) => this.logger.warn({ err: error }, 'reading the stream failed; the poll retries'))
      .finally(() => {
        this.pumping = null;
        if (this.again && !this.stopped) {
          this.again = false;
          this.wake();
        }
      });
  }

  private async pump(): Promise<void> {
    // nobody here to offer to: note where the stream is instead of reading every message of it
    if (this.subscribers.size === 0) {
      const { rows } = await this.db.query(selectHead);
      // a subscriber that came meanwhile starts at lastFetched: then read from there, as below
      if (this.subscribers.size === 0) {
        const head = BigInt(rows[0].head);
        if (head > this.lastFetched) this.lastFetched = head;
        return;
      }
    }
    for (;;) {
      const statement = readStream(this.lastFetched, PAGE);
      const { rows } = await this.db.query(statement, statement.values);
      for (const row of rows) {
        const message = rowToMessage(row);
        this.lastFetched = message.position;
        if (tracingEnabled() && message.traceparent) this.tracePublish(message);
        for (const subscriber of this.subscribers) subscriber.offer(message);
      }
      if (rows.length < PAGE) return;
    }
  }

  /** The message reaching this node's subscribers, in the trace of the transaction that wrote it. */
  private tracePublish(message: StreamMessage): void {
    const span = startSpan(
      'stream.publish',
      { 'stream.position': message.cursor, 'workflow.id': message.workflowId, 'stream.subscribers': this.subscribers.size },
      contextFrom({ traceparent: message.traceparent! }),
    );
    span?.end();
  }
}
