/**
 * One per node: listens on the stream channel (any node's sequencer NOTIFYs it), reads the new
 * positions from the outbox in order, and offers each message to this node's subscribers. A
 * notification is only a hint to look; a poll covers lost ones and reconnects.
 */
import { Client, type Pool } from 'pg';
import type { Logger } from 'pino';
import { setSubscriptionCount } from '../metrics';
import { rowToMessage, type StreamMessage } from './message';
import { readStream, STREAM_CHANNEL } from './stream.sql';

export interface StreamSubscriber {
  offer(message: StreamMessage): void;
}

const PAGE = 1000;

export class StreamHub {
  private readonly subscribers = new Set<StreamSubscriber>();
  private lastFetched = 0n;
  private listener: Client | null = null;
  private poll: NodeJS.Timeout | undefined;
  private pumping: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly pool: Pool,
    private readonly logger: Logger,
    private readonly options: { pollMs: number },
  ) {}

  async start(): Promise<void> {
    const { rows } = await this.pool.query('SELECT coalesce(max(position), 0) AS head FROM outbox');
    this.lastFetched = BigInt(rows[0].head);
    await this.listen();
    this.poll = setInterval(() => this.wake(), this.options.pollMs);
    this.poll.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.poll);
    await this.pumping;
    await this.listener?.end().catch(() => undefined);
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
    for (;;) {
      const { rows } = await this.pool.query(readStream(this.lastFetched, PAGE));
      for (const row of rows) {
        const message = rowToMessage(row);
        this.lastFetched = message.position;
        for (const subscriber of this.subscribers) subscriber.offer(message);
      }
      if (rows.length < PAGE) return;
    }
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new Client(this.pool.options);
    client.on('notification', () => this.wake());
    client.on('error', (error) => {
      this.logger.warn({ err: error }, 'stream listener lost; reconnecting');
      this.listener = null;
      setTimeout(() => void this.listen().catch(() => undefined), 1000).unref();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${STREAM_CHANNEL}`);
      this.listener = client;
      this.wake(); // anything sequenced while we were not listening
    } catch (error) {
      await client.end().catch(() => undefined);
      this.logger.warn({ err: error }, 'stream listener could not connect; retrying');
      setTimeout(() => void this.listen().catch(() => undefined), 1000).unref();
    }
  }
}
