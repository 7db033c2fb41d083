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
