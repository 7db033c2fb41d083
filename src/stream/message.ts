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

/** Where the item stood on the wall, and who could see it there. */
export interface WallPlace {
  status: string;
  leadUnit: string | null;
  flagged: boolean;
  /** its parties then */
  units: string[];
  people: string[];
}

/** The item's place after the transition, and before it (null: it did not exist yet); after is null on messages recorded before these were kept. */
export interface WallFields {
  after: WallPlace | null;
  before: (WallPlace & { alertLevel: string | null; draft: DraftScope | null }) | null;
}

/**
 * The item as it stood after the transition, if `reader` could see it then (a reader may see
 * now an item it could not see then, when it was since made a party). Integrators get it always.
 */
export function after(message: StreamMessage, reader: Actor | null): WallPlace | null {
  const a = message.wall.after;
  if (!a || !reader) return a;
  return canRead(reader, { ...message, units: a.units, people: a.people }) ? a : null;
}

/**
 * The item as it stood before the transition, if `reader` could see it then (its parties and
 * draft scope of then); null otherwise, and for the transition that started it. For
 * integrators (no reader) it is null when the item was wholly undecided then: drafts never leave.
 */
export function before(message: StreamMessage, reader: Actor | null): WallFields['before'] {
  const b = message.wall.before;
  if (!b) return null;
  if (!reader) return b.draft?.wholeItem ? null : b;
  return canRead(reader, { ...message, units: b.units, people: b.people, draft: b.draft }) ? b : null;
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
      after: row.status
        ? { status: row.status, leadUnit: row.lead_unit, flagged: row.flagged ?? false, units: row.units_after ?? row.units, people: row.people_after ?? row.people }
        : null,
      before: row.status_before
        ? {
            status: row.status_before,
            alertLevel: row.alert_level_before,
            leadUnit: row.lead_unit_before,
            flagged: row.flagged_before ?? false,
            units: row.units_before ?? row.units,
            people: row.people_before ?? row.people,
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
