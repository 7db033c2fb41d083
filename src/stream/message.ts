/** One transition as integrators see it, with what the hub needs to decide who may see it. */
import type { Actor, Role } from '../../machines/definition';
import { findDefinition } from '../../machines';
import { canRead, streamPayload, type DraftScope } from '../engine/engine';
import type { Row } from '../kernel/sql';
import type { StreamFilter } from './stream.sql';

export interface StreamMessage {
  /** the global position, as a decimal string: the cursor to resume after */
  cursor: string;
  position: bigint;
  workflowId: string;
  machineId: string;
  machineVersion: number;
  title: string;
  version: number;
  eventType: string;
  payload: Record<string, unknown>;
  actor: Actor;
  stateBefore: string | null;
  stateAfter: string;
  alertLevel: string;
  at: Date;
  /** for visibility, not shown */
  units: string[];
  people: string[];
  createdBy: Actor;
  confidential: boolean;
  draft: DraftScope | null;
  /** the W3C traceparent of the request that made it, when tracing was on: webhooks join its trace */
  traceparent: string | null;
  /** what a client keeping counts needs; null on messages recorded before they were kept */
  wall: WallFields;
}

/** The item's place on the wall after the transition, and before it (null: it did not exist yet). */
export interface WallFields {
  statusAfter: string | null;
  leadUnit: string | null;
  flagged: boolean | null;
  before: { status: string; alertLevel: string | null; leadUnit: string | null; flagged: boolean; draft: DraftScope | null } | null;
}

/**
 * The item as it stood before the transition, if `reader` could see it then (the draft scope of
 * then; its parties as now); null otherwise, and for the transition that started it. For
 * integrators (no reader) it is null when the item was wholly undecided then: drafts never leave.
 */
export function before(message: StreamMessage, reader: Actor | null): WallFields['before'] {
  const b = message.wall.before;
  if (!b) return null;
  if (!reader) return b.draft?.wholeItem ? null : b;
  return canRead(reader, { ...message, draft: b.draft }) ? b : null;
}

export function rowToMessage(row: Row): StreamMessage {
  return {
    cursor: String(row.position),
    position: BigInt(row.position),
    workflowId: row.workflow_id,
    machineId: row.machine_id,
    machineVersion: row.machine_version,
    title: row.title,
    version: row.seq,
    eventType: row.event_type,
    payload: streamPayload(findDefinition(row.machine_id, row.machine_version), row.event_type, row.payload),
    actor: { id: row.actor_id, name: row.actor_name, roles: row.actor_roles as Role[], unit: row.actor_unit },
    stateBefore: row.state_before,
    stateAfter: row.state_after,
    alertLevel: row.alert_level,
    at: row.at,
    units: row.units,
    people: row.people,
    createdBy: row.created_by,
    confidential: row.confidential,
    draft: row.draft_readers ? { readers: row.draft_readers, wholeItem: row.draft_whole } : null,
    traceparent: row.traceparent ?? null,
    wall: {
      statusAfter: row.status ?? null,
      leadUnit: row.lead_unit ?? null,
      flagged: row.flagged ?? null,
      before: row.status_before
        ? {
            status: row.status_before,
            alertLevel: row.alert_level_before,
            leadUnit: row.lead_unit_before,
            flagged: row.flagged_before ?? false,
            draft: row.draft_readers_before ? { readers: row.draft_readers_before, wholeItem: row.draft_whole_before ?? false } : null,
          }
        : null,
    },
  };
}

/** The same rule as readStream's WHERE, for messages the hub already holds. */
export function matches(message: StreamMessage, filter: StreamFilter, reader: Actor | null): boolean {
  if (reader && (message.confidential || !canRead(reader, message))) return false;
  return (
    (!filter.machineId || message.machineId === filter.machineId) &&
    (!filter.workflowId || message.workflowId === filter.workflowId) &&
    (!filter.unit || message.units.includes(filter.unit)) &&
    (!filter.eventType || message.eventType === filter.eventType) &&
    (!filter.toState || message.stateAfter === filter.toState) &&
    (!filter.alertLevel || message.alertLevel === filter.alertLevel)
  );
}

/** A cursor a client sent back: a non-negative integer. */
export function parseCursor(cursor: string | null | undefined): bigint | null {
  if (cursor == null) return null;
  return /^\d{1,19}$/.test(cursor) ? BigInt(cursor) : null;
}
