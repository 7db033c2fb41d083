/** The stream's statements: sequencing committed outbox rows, and reading the stream. */
import type { ReaderScope } from '../engine/engine';
import { visibilitySql } from '../persistence/visibility.sql';
import { sqlParams } from '../persistence/sql-params';

/** Any constant shared by every node: one sequencer at a time. */
export const SEQUENCER_LOCK = 7_402_216;
export const STREAM_CHANNEL = 'duban_stream';

/** The highest position given so far: a hub starts after it, a webhook skips to it. */
export const selectHead = 'SELECT coalesce(max(position), 0) AS head FROM outbox';

/**
 * One round of the sequencer, one statement (its own transaction): take the sequencer's lock if
 * no other node holds it ($2; released at the statement's commit), give the committed rows their
 * positions in insert order ($1 at most), and NOTIFY the stream channel ($3) when any got one.
 * Rows of transactions still running are invisible here and get later positions when they
 * commit, so a reader never sees a gap fill. The statement's snapshot is taken before the lock:
 * a row the previous holder numbered after that snapshot is locked here only once it committed,
 * and then rechecked (READ COMMITTED), so it no longer matches `position IS NULL` and is skipped;
 * numbers come from one sequence, so this round's all follow the previous holder's.
 * `locked` false: another node is sequencing, nothing was done.
 */
export const sequenceRound = {
  name: 'stream-sequence-round',
  text: `
  WITH lock AS MATERIALIZED (
    SELECT pg_try_advisory_xact_lock($2) AS locked
  ), batch AS (
    SELECT id FROM outbox WHERE position IS NULL AND (SELECT locked FROM lock) ORDER BY id LIMIT $1 FOR UPDATE
  ), numbered AS (
    SELECT id, nextval('outbox_stream_position_seq') AS position FROM (SELECT id FROM batch ORDER BY id) ordered
  ), done AS (
    UPDATE outbox o SET position = n.position FROM numbered n WHERE o.id = n.id RETURNING o.position
  ), hint AS (
    SELECT pg_notify($3, '') FROM (SELECT 1 FROM done LIMIT 1) any_row
  )
  SELECT (SELECT locked FROM lock) AS locked, (SELECT count(*) FROM done)::int AS sequenced,
    (SELECT count(*) FROM hint)::int AS hinted`,
};

export interface StreamFilter {
  machineId?: string | null;
  workflowId?: string | null;
  unit?: string | null;
  eventType?: string | null;
  toState?: string | null;
  alertLevel?: string | null;
}

const COLUMNS = `o.position, o.workflow_id, t.seq, t.event_type, t.payload, t.actor_id, t.actor_name, t.actor_roles,
  t.actor_unit, t.state_before, t.state_after, t.alert_level, t.at, w.machine_id, w.machine_version, w.title,
  w.units, w.people, w.created_by, w.confidential, o.draft_readers, o.draft_whole, o.traceparent,
  o.status, o.lead_unit, o.flagged, o.status_before, o.alert_level_before, o.lead_unit_before, o.flagged_before,
  o.draft_readers_before, o.draft_whole_before, o.units_before, o.people_before, o.units_after, o.people_after`;

/**
 * Stream rows after `after`, in position order. With a reader, only what it may see and never
 * a confidential workflow (they do not leave through the stream); for webhooks, never a
 * confidential one nor a transition of an undecided one; with neither, everything (the hub
 * filters per subscriber).
 */
export function readStream(
  after: bigint,
  limit: number,
  filter: StreamFilter = {},
  reader: ReaderScope | null = null,
  /** webhooks: no reader, but confidential workflows still never leave */
  external = false,
): { text: string; values: unknown[] } {
  const { values, param } = sqlParams(after.toString());
  const where = ['o.position > $1'];
  if (filter.machineId) where.push(`w.machine_id = ${param(filter.machineId)}`);
  if (filter.workflowId) where.push(`o.workflow_id = ${param(filter.workflowId)}::uuid`);
  if (filter.unit) where.push(`w.units @> ARRAY[${param(filter.unit)}]::text[]`);
  if (filter.eventType) where.push(`t.event_type = ${param(filter.eventType)}`);
  if (filter.toState) where.push(`t.state_after = ${param(filter.toState)}`);
  if (filter.alertLevel) where.push(`t.alert_level = ${param(filter.alertLevel)}`);
  if (reader) where.push('NOT w.confidential');
  if (external) where.push(`NOT w.confidential AND NOT o.draft_whole`);
  // a transition is seen as it was when it happened: the draft scope of its outbox row
  if (reader) where.push(visibilitySql(reader, param, 'w', 'o'));
  return {
    text: `SELECT ${COLUMNS} FROM outbox o
      JOIN workflow_transition t ON t.workflow_id = o.workflow_id AND t.seq = o.seq
      JOIN workflow w ON w.id = o.workflow_id
      WHERE ${where.join(' AND ')} ORDER BY o.position LIMIT ${param(limit)}`,
    values,
  };
}
