/**
 * Every statement the workflow store runs, as named (prepared) statements. A transition is one
 * statement: the version-checked UPDATE, the history row, the outbox row and the idempotency key
 * are data-modifying CTEs, so they commit together or not at all.
 */
export const WORKFLOW_COLUMNS = `id, machine_id, machine_version, state, state_value, snapshot, status, version,
  title, units, people, deadlines, deadline, warn_at, deadline_provisional, alert_level, created_by,
  created_at, updated_at, awaiting, escalations, escalated_to, confidential, last_hash,
  draft_readers, draft_whole, clock_started_at, answered_at, answer_due, facets, figures`;

export const selectWorkflow = {
  name: 'workflow-select',
  text: `SELECT ${WORKFLOW_COLUMNS} FROM workflow WHERE id = $1`,
};

export const selectWorkflowForUpdate = {
  name: 'workflow-select-for-update',
  text: `SELECT ${WORKFLOW_COLUMNS} FROM workflow WHERE id = $1 FOR UPDATE`,
};

export const selectIdempotency = {
  name: 'idempotency-select',
  text: `SELECT request_hash, workflow_id, version FROM idempotency_key WHERE actor_id = $1 AND key = $2`,
};

// $16.. are shared by both statements: the history row (with $32, the digest of the record it
// wrote: src/engine/chain.ts), the idempotency key, the timers
// (which replace every pending timer of the workflow: leaving a state cancels its timers);
// $33–$39, the draft scope, the 通报 answer, the search facets and statistics figures, are
// columns of both the update and the insert;
// the outbox row keeps the draft scope as it was at the transition, for the stream, and ($40) the
// W3C traceparent of the request that made it, so its webhook deliveries join the same trace
const historyAndKey = (source: string) => `
  tdel AS (
    DELETE FROM workflow_timer WHERE workflow_id IN (SELECT id FROM ${source})
  ),
  tins AS (
    INSERT INTO workflow_timer (workflow_id, kind, action, due_at, created_at)
    SELECT s.id, t.kind, t.action, t.due_at, s.updated_at
    FROM ${source} s CROSS JOIN jsonb_to_recordset($26::jsonb) AS t(kind text, action text, due_at timestamptz)
  ),
  hist AS (
    INSERT INTO workflow_transition (workflow_id, seq, event_type, payload, actor_id, actor_name,
                                     actor_roles, actor_unit, state_before, state_after, alert_level, at,
                                     prev_hash, hash, snapshot_digest)
    SELECT id, version, $16, $17, $18, $19, $20, $21, $22, state, alert_level, updated_at, $30, $31, $32
    FROM ${source}
    RETURNING workflow_id, seq, at
  ),
  ob AS (
    INSERT INTO outbox (workflow_id, seq, created_at, draft_readers, draft_whole, traceparent,
                        status, lead_unit, flagged, status_before, alert_level_before, lead_unit_before, flagged_before,
                        draft_readers_before, draft_whole_before, units_before, people_before, units_after, people_after)
    SELECT h.workflow_id, h.seq, h.at, $33, $34, $40, s.status, s.lead_unit, s.flagged,
      b.status, b.alert_level, b.lead_unit, b.flagged, b.draft_readers, b.draft_whole, b.units, b.people, s.units, s.people
    FROM hist h CROSS JOIN ${source} s LEFT JOIN before b ON true
  ),
  idem AS (
    INSERT INTO idempotency_key (actor_id, key, request_hash, workflow_id, version, created_at)
    SELECT $23, $24, $25, id, version, updated_at FROM ${source} WHERE $23::text IS NOT NULL
  )
  SELECT version FROM ${source}`;

/** What the written row tells the rest of the statement; the wall's fields go to the outbox row. */
const RETURNED = `id, version, state, alert_level, updated_at, status, units, people, units[1] AS lead_unit,
  coalesce(facets->>'flagged' = 'true', false) AS flagged`;

export const applyTransition = {
  name: 'workflow-apply-transition',
  text: `
  WITH before AS (
    SELECT status, alert_level, units[1] AS lead_unit, coalesce(facets->>'flagged' = 'true', false) AS flagged,
      draft_readers, draft_whole, units, people
    FROM workflow WHERE id = $1 AND version = $2
  ),
  upd AS (
    UPDATE workflow SET state = $3, state_value = $4, snapshot = $5, status = $6, version = $2::int + 1,
      title = $7, units = $8, people = $9, deadlines = $10, deadline = $11, warn_at = $12,
      deadline_provisional = $13, alert_level = $14, updated_at = $15,
      awaiting = $27, escalations = $28, escalated_to = $29, last_hash = $31,
      draft_readers = $33, draft_whole = $34, clock_started_at = $35, answered_at = $36, answer_due = $37,
      facets = $38, figures = $39
    WHERE id = $1 AND version = $2
    RETURNING ${RETURNED}
  ),${historyAndKey('upd')}`,
};

export const insertWorkflow = {
  name: 'workflow-insert',
  text: `
  WITH before AS (
    SELECT NULL::text AS status, NULL::text AS alert_level, NULL::text AS lead_unit, NULL::boolean AS flagged,
      NULL::text[] AS draft_readers, NULL::boolean AS draft_whole, NULL::text[] AS units, NULL::text[] AS people
    WHERE false
  ),
  ins AS (
    INSERT INTO workflow (id, machine_id, machine_version, state, state_value, snapshot, status, version,
      title, units, people, deadlines, deadline, warn_at, deadline_provisional, alert_level,
      created_by, created_at, updated_at, awaiting, escalations, escalated_to, last_hash, confidential,
      draft_readers, draft_whole, clock_started_at, answered_at, answer_due, facets, figures)
    VALUES ($1, $41, $42, $3, $4, $5, $6, $2::int + 1, $7, $8, $9, $10, $11, $12, $13, $14, $43, $15, $15,
      $27, $28, $29, $31, $44, $33, $34, $35, $36, $37, $38, $39)
    RETURNING ${RETURNED}
  ),${historyAndKey('ins')}`,
};

/** Only migrations (ADMIN_MIGRATE, under the row lock) change a workflow's machine version. */
export const updateMachineVersion = {
  name: 'workflow-update-machine-version',
  text: `UPDATE workflow SET machine_version = $2 WHERE id = $1`,
};

export const selectDueTimers = {
  name: 'timer-select-due',
  text: `SELECT id, workflow_id, kind, action, due_at FROM workflow_timer WHERE due_at <= $1 ORDER BY due_at, id LIMIT $2`,
};

export const selectNextTimer = {
  name: 'timer-select-next',
  text: `SELECT min(due_at) AS due_at FROM workflow_timer`,
};

/** The workflow first, as a send locks it, so a timer and a send never deadlock. */
export const lockWorkflowIfFree = {
  name: 'workflow-lock-skip-locked',
  text: `SELECT ${WORKFLOW_COLUMNS} FROM workflow WHERE id = $1 FOR UPDATE SKIP LOCKED`,
};

export const deleteTimer = {
  name: 'timer-delete',
  text: `DELETE FROM workflow_timer WHERE id = $1 RETURNING id`,
};

/** What a calendar change makes the engine recompute (src/engine/engine.ts recomputeDeadlines). */
export const selectActiveWithDeadlines = `SELECT id FROM workflow WHERE status = 'ACTIVE' AND deadline IS NOT NULL`;
