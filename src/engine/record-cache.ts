/**
 * The latest records this node read or wrote, by id, least recently used dropped first.
 *
 * Only the write path trusts it, and only because every write checks the version it decided on:
 * a record another node changed since is caught by that check (the store answers "stale") and
 * the event is decided again from the database. A refusal (not accepted, forbidden …) is never
 * given on a cached record: the engine decides again on a fresh read before refusing.
 * Records in it are shared, so nothing may change one after it is put here.
 */
import type { WorkflowRecord } from './ports';

export class RecordCache {
  private readonly entries = new Map<string, WorkflowRecord>();

  constructor(private readonly capacity: number) {}

  get(id: string): WorkflowRecord | undefined {
    const record = this.entries.get(id);
    if (record) {
      // most recently used last
      this.entries.delete(id);
      this.entries.set(id, record);
    }
    return record;
  }

  /** Keeps the record unless a newer version of it is already held. */
  put(record: WorkflowRecord): void {
    if (this.capacity <= 0) return;
    const held = this.entries.get(record.id);
    if (held && held.version > record.version) return;
    this.entries.delete(record.id);
    this.entries.set(record.id, record);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  forget(id: string): void {
    this.entries.delete(id);
  }

  get size(): number {
    return this.entries.size;
  }
}
