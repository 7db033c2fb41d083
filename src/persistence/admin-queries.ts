/** The administrators' reads: instances per state, migration candidates, unit statistics (通报). */
import type { Pool } from 'pg';
import type { WorkflowRecord } from '../engine/ports';
import { WORKFLOW_COLUMNS } from './workflow.sql';
import { rowToRecord } from './workflow-store';

export interface StateCount {
  machineId: string;
  machineVersion: number;
  state: string;
  active: number;
  /** deadline kinds the active instances in this state carry */
  deadlineKinds: string[];
}

/** ACTIVE instances per machine, version and state. */
export async function activeStateCounts(pool: Pool): Promise<StateCount[]> {
  const { rows } = await pool.query(`
    SELECT w.machine_id AS "machineId", w.machine_version AS "machineVersion", w.state,
      count(DISTINCT w.id)::int AS active,
      coalesce(array_agg(DISTINCT d->>'kind') FILTER (WHERE d IS NOT NULL), '{}') AS "deadlineKinds"
    FROM workflow w LEFT JOIN LATERAL jsonb_array_elements(w.deadlines) d ON true
    WHERE w.status = 'ACTIVE'
    GROUP BY 1, 2, 3`);
  return rows;
}

/** ACTIVE instances of one version of a machine; `ids` null: all of them. */
export async function migrationCandidates(pool: Pool, machineId: string, version: number, ids: string[] | null): Promise<WorkflowRecord[]> {
  const { rows } = await pool.query(
    `SELECT ${WORKFLOW_COLUMNS} FROM workflow
     WHERE machine_id = $1 AND machine_version = $2 AND status = 'ACTIVE' AND ($3::uuid[] IS NULL OR id = ANY($3::uuid[]))
     ORDER BY created_at, id`,
    [machineId, version, ids],
  );
  return rows.map(rowToRecord);
}

export interface UnitStatisticsRow {
  unit: string;
  /** workflows started in the period with this lead unit */
  received: number;
  /** of those, answered at all (the machine's answer event: a letter's SUBMIT_FEEDBACK) */
  answered: number;
  /** answered with no DEADLINE_PASSED of the answer's deadline kind before the answer */
  answeredOnTime: number;
  /** with any DEADLINE_PASSED */
  late: number;
  /** ACTIVE with its nearest deadline past now */
  overdueNow: number;
  /** mean days from the start event (a letter's ISSUE) to the answer, 1 decimal */
  avgDaysToFeedback: number | null;
  /** 文件会签: mean hours from SEND/REVISE to the round complete (awaitingSignOff), 1 decimal */
  countersignAvgHours: number | null;
}

/**
 * What answers an item, per machine: the first row of `answer_event` (or the first entry into
 * `answer_state`), on time when no DEADLINE_PASSED of `kind` (any kind when null) came before it;
 * its days are counted from the first `start_event` row. Administrators' rows never answer.
 */
const ANSWER_SPEC = `spec(machine_id, start_event, answer_event, answer_state, kind) AS (VALUES
    ('supervisionLetter', 'ISSUE', 'SUBMIT_FEEDBACK', NULL, 'feedback'),
    ('rectificationInterview', 'HOLD_INTERVIEW', 'REPORT_RESULT', NULL, 'rectification'),
    ('emergencyReport', 'START', 'REPORT_UPWARD', NULL, NULL),
    ('documentCountersign', 'SEND', NULL, 'awaitingSignOff', 'countersign'))`;

const STATISTICS = `
  WITH ${ANSWER_SPEC},
  items AS (
    SELECT w.id, w.machine_id, coalesce(w.units[1], '') AS unit, w.status, w.deadline,
      s.start_event, s.answer_event, s.answer_state, s.kind
    FROM workflow w LEFT JOIN spec s ON s.machine_id = w.machine_id
    WHERE w.created_at >= $1 AND w.created_at < $2 AND ($4::text IS NULL OR w.machine_id = $4)
  ),
  marked AS (
    SELECT i.*,
      (SELECT min(t.at) FROM workflow_transition t WHERE t.workflow_id = i.id AND t.event_type = i.start_event) AS started_at,
      (SELECT t.seq FROM workflow_transition t
        WHERE t.workflow_id = i.id AND left(t.event_type, 6) <> 'ADMIN_'
          AND (i.answer_event IS NOT NULL OR i.answer_state IS NOT NULL)
          AND (i.answer_event IS NULL OR t.event_type = i.answer_event)
          AND (i.answer_state IS NULL OR (t.state_after = i.answer_state AND t.state_before IS DISTINCT FROM i.answer_state))
        ORDER BY t.seq LIMIT 1) AS answer_seq,
      EXISTS (SELECT 1 FROM workflow_transition t WHERE t.workflow_id = i.id AND t.event_type = 'DEADLINE_PASSED') AS late
    FROM items i
  ),
  answered AS (
    SELECT m.*, a.at AS answered_at,
      EXISTS (SELECT 1 FROM workflow_transition t
        WHERE t.workflow_id = m.id AND t.event_type = 'DEADLINE_PASSED' AND t.seq < m.answer_seq
          AND (m.kind IS NULL OR t.payload->>'kind' = m.kind)) AS answered_late
    FROM marked m LEFT JOIN workflow_transition a ON a.workflow_id = m.id AND a.seq = m.answer_seq
  ),
  rounds AS (
    SELECT i.unit, extract(epoch FROM r.at - (
        SELECT max(s.at) FROM workflow_transition s
        WHERE s.workflow_id = r.workflow_id AND s.seq < r.seq AND s.event_type IN ('SEND', 'REVISE'))) / 3600 AS hours
    FROM items i JOIN workflow_transition r ON r.workflow_id = i.id
    WHERE i.machine_id = 'documentCountersign' AND r.state_after = 'awaitingSignOff'
      AND r.state_before IS DISTINCT FROM 'awaitingSignOff' AND left(r.event_type, 6) <> 'ADMIN_'
  ),
  turnaround AS (
    SELECT unit, round(avg(hours)::numeric, 1)::float8 AS hours FROM rounds WHERE hours IS NOT NULL GROUP BY unit
  )
  SELECT a.unit,
    count(*)::int AS received,
    count(*) FILTER (WHERE a.answer_seq IS NOT NULL)::int AS answered,
    count(*) FILTER (WHERE a.answer_seq IS NOT NULL AND NOT a.answered_late)::int AS "answeredOnTime",
    count(*) FILTER (WHERE a.late)::int AS late,
    count(*) FILTER (WHERE a.status = 'ACTIVE' AND a.deadline < $3)::int AS "overdueNow",
    round((avg(extract(epoch FROM a.answered_at - a.started_at))
      FILTER (WHERE a.answered_at >= a.started_at) / 86400)::numeric, 1)::float8 AS "avgDaysToFeedback",
    max(t.hours) AS "countersignAvgHours"
  FROM answered a LEFT JOIN turnaround t ON t.unit = a.unit
  GROUP BY a.unit ORDER BY a.unit COLLATE "C"`;

/** Per lead unit (workflow.units[1]), for workflows started in [from, to). */
export async function unitStatistics(
  pool: Pool,
  query: { from: Date; to: Date; now: Date; machineId: string | null },
): Promise<UnitStatisticsRow[]> {
  const { rows } = await pool.query(STATISTICS, [query.from, query.to, query.now, query.machineId]);
  return rows;
}
