/** What the API needs from the stream: pages for catching up, and live subscriptions. */
import type { Actor } from '../../machines/definition';
import { badInput } from '../kernel/errors';
import { readerScope } from '../engine/engine';
import type { Sql } from '../kernel/sql';
import { cloudEventOf, type CloudEvent } from './cloud-event';
import type { StreamHub } from './hub';
import { parseCursor, rowToMessage, type StreamMessage } from './message';
import { readStream, type StreamFilter } from './stream.sql';
import { TransitionSubscription } from './subscription';

export interface StreamLimits {
  maxBuffer: number;
  maxSocketBacklog: number;
  maxSubscriptions: number;
}

export class StreamService {
  constructor(
    private readonly hub: StreamHub,
    private readonly sql: Sql,
    private readonly limits: StreamLimits,
    /** gives committed rows their positions now, so a page is as fresh as a live subscription */
    private readonly sequence: () => Promise<unknown> = async () => undefined,
    /** the CloudEvents `source` of the events this service emits */
    private readonly eventSource = 'urn:duban:zhaoyuan',
  ) {}

  /** A message as a CloudEvents 1.0 event (structured mode, JSON), as webhooks send it. */
  cloudEvent(message: StreamMessage): CloudEvent {
    return cloudEventOf(message, this.eventSource);
  }

  get subscriberCount(): number {
    return this.hub.subscriberCount;
  }

  async page(filter: StreamFilter, after: string | null | undefined, first: number, reader: Actor) {
    const from = after == null ? 0n : cursorOrThrow(after);
    await this.sequence();
    const statement = readStream(from, first + 1, filter, readerScope(reader));
    const { rows } = await this.sql.query(statement, statement.values);
    const messages: StreamMessage[] = rows.slice(0, first).map(rowToMessage);
    return { messages, hasNextPage: rows.length > first };
  }

  subscribe(filter: StreamFilter, after: string | null | undefined, reader: Actor, socketBacklog?: () => number) {
    if (this.hub.subscriberCount >= this.limits.maxSubscriptions) {
      throw badInput('too many subscriptions on this node', [{ path: 'transitions', message: 'try again later' }]);
    }
    const subscription = new TransitionSubscription(this.hub, this.sql, filter, reader, after == null ? null : cursorOrThrow(after), {
      maxBuffer: this.limits.maxBuffer,
      maxSocketBacklog: this.limits.maxSocketBacklog,
      socketBacklog,
    });
    // rows committed while nobody listened get their positions now rather than at the next poll
    void this.sequence().catch(() => undefined);
    return subscription;
  }
}

function cursorOrThrow(after: string): bigint {
  const cursor = parseCursor(after);
  if (cursor === null) throw badInput('invalid cursor', [{ path: 'after', message: 'a cursor this API returned' }]);
  return cursor;
}
