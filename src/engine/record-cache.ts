/**
 * The latest records this node read or wrote, by id, least recently used dropped first.
 *
 * Only the write path trusts it, and only because every write checks the version it decided on:
 * a record another node changed since is caught by that check (the store answers "stale") and
 * the event is decided again from the database. A refusal (not accepted, forbidden …) is never
 * given on a cached record: the engine decides again on a fresh read before refusing.
 * Records in it are shared, so nothing may change one after it is put here.
 */
import { BoundedMap } from '../kernel/bounded-map';
import type { WorkflowRecord } from './ports';

export class RecordCache {
  private readonly entries: BoundedMap<string, WorkflowRecord>;

  constructor(capacity: number) {
    this.entries = new BoundedMap(capacity);
  }

  get(id: string): WorkflowRecord | undefined {
    return this.entries.get(id);
  }

  /** Keeps the record unless a newer version of it is already held. */
  put(record: WorkflowRecord): void {
    const held = this.entries.get(record.id);
    if (held && held.version > record.version) return;
    this.entries.set(record.id, record);
  }

  forget(id: string): void {
    this.entries.delete(id);
  }

  get size(): number {
    return this.entries.size;
  }
}
