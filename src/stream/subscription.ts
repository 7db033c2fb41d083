/**
 * One subscriber's stream: first everything after its cursor, read from the database page by
 * page, then live messages from the hub — with no gap and no duplicate at the seam. Live
 * messages that arrive while replaying are held (bounded); if too many arrive, replay simply
 * goes on from the database. A consumer too slow for the live stream is told to resume from its
 * cursor (SLOW_CONSUMER) instead of growing memory.
 */
import type { Actor } from '../../machines/definition';
import { ErrorCode, WorkflowError } from '../kernel/errors';
import { readerScope } from '../engine/engine';
import type { Sql } from '../kernel/sql';
import type { StreamHub, StreamSubscriber } from './hub';
import { matches, rowToMessage, type StreamMessage } from './message';
import { readStream, type StreamFilter } from './stream.sql';

const REPLAY_PAGE = 500;

export interface SubscriptionOptions {
  maxBuffer: number;
  /** bytes waiting in the socket; above the limit the consumer is too slow */
  socketBacklog?: () => number;
  maxSocketBacklog: number;
}

export class TransitionSubscription implements AsyncIterableIterator<StreamMessage>, StreamSubscriber {
  private readonly queue: StreamMessage[] = [];
  private held: StreamMessage[] = [];
  private heldOverflow = false;
  private replaying: boolean;
  private lastEmitted: bigint;
  private waiting: ((result: IteratorResult<StreamMessage>) => void) | null = null;
  private failure: WorkflowError | null = null;
  private done = false;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly hub: StreamHub,
    private readonly sql: Sql,
    private readonly filter: StreamFilter,
    private readonly reader: Actor,
    after: bigint | null,
    private readonly options: SubscriptionOptions,
  ) {
    // subscribe before reading, so nothing sequenced from now on can be missed
    this.unsubscribe = hub.subscribe(this);
    this.replaying = after !== null;
    this.lastEmitted = after ?? hub.head();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  offer(message: StreamMessage): void {
    if (this.done || message.position <= this.lastEmitted || !matches(message, this.filter, this.reader)) return;
    if (this.replaying) {
      if (this.held.length < this.options.maxBuffer) this.held.push(message);
      else this.heldOverflow = true;
      return;
    }
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value: this.emit(message), done: false });
      return;
    }
    if (this.queue.length >= this.options.maxBuffer) return this.fail();
    this.queue.push(message);
  }

  async next(): Promise<IteratorResult<StreamMessage>> {
    if (this.failure) throw this.failure;
    if (this.done) return { value: undefined, done: true };
    if ((this.options.socketBacklog?.() ?? 0) > this.options.maxSocketBacklog) this.fail();
    if (this.failure) throw this.failure;
    while (this.replaying && this.queue.length === 0) await this.replayPage();
    const queued = this.queue.shift();
    if (queued) return { value: this.emit(queued), done: false };
    return new Promise((resolve) => (this.waiting = resolve));
  }

  async return(): Promise<IteratorResult<StreamMessage>> {
    this.close();
    return { value: undefined, done: true };
  }

  async throw(error: unknown): Promise<IteratorResult<StreamMessage>> {
    this.close();
    throw error;
  }

  private emit(message: StreamMessage): StreamMessage {
    this.lastEmitted = message.position;
    return message;
  }

  private async replayPage(): Promise<void> {
    const statement = readStream(this.lastEmitted, REPLAY_PAGE, this.filter, readerScope(this.reader));
    const page = await this.sql.query(statement, statement.values);
    if (page.rows.length > 0) {
      this.queue.push(...page.rows.map(rowToMessage));
      return;
    }
    if (this.heldOverflow) {
      // more arrived than we could hold: the database has them all, read on
      this.held = [];
      this.heldOverflow = false;
      return;
    }
    // caught up: what the hub offered meanwhile follows, without what the pages already gave
    const last = this.lastEmitted;
    this.queue.push(...this.held.filter((m) => m.position > last));
    this.held = [];
    this.replaying = false;
  }

  private fail(): void {
    this.failure = new WorkflowError(
      ErrorCode.SLOW_CONSUMER,
      'too far behind: resubscribe with `after` set to the last cursor you received',
      { lastCursor: this.lastEmitted.toString() },
    );
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value: undefined, done: true });
    }
    this.close();
  }

  private close(): void {
    if (this.done) return;
    this.done = true;
    this.unsubscribe();
    if (this.waiting) {
      this.waiting({ value: undefined, done: true });
      this.waiting = null;
    }
  }
}
