/** The administrators' reads: instances per state, migration candidates, unit statistics (通报). */
import type { Pool } from 'pg';
import type { WorkflowRecord } from '../engine/ports';
import type { ReaderScope } from '../engine/visibility';
import { visibilitySql } from './visibility.sql';
import { WORKFLOW_COLUMNS } from './workflow.sql';
import { rowToRecord } from './workflow-store';
import { sqlParams } from './sql-params';

export interface StateCount {
  machineId: string;
  machineVersion: number;
  state: string;
  active: number;
  /** deadline kinds the active instances in this state carry */
  deadlineKinds: string[];
}

/** ACTIVE instances per machine, version and state, of those `scope` may read. */
export async function activeStateCounts(pool: Pool, scope: ReaderScope): Promise<StateCount[]> {
  const { values, param } = sqlParams();
  const { rows } = await pool.query(`
    SELECT w.machine_id AS "machineId", w.machine_version AS "machineVersion", w.state,
      count(DISTINCT w.id)::int AS active,
      coalesce(array_agg(DISTINCT d->>'kind') FILTER (WHERE d IS NOT NULL), '{}') AS "deadlineKinds"
    FROM workflow w LEFT JOIN LATERAL jsonb_array_elements(w.deadlines) d ON true
    WHERE w.status = 'ACTIVE' AND ${visibilitySql(scope, param, 'w')}
    GROUP BY 1, 2, 3`, values);
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
  /** workflows started in the period with this lead unit, of those the reader may read */
  received: number;
  /** of those, answered at all (the answer its definition declares: a letter's SUBMIT_FEEDBACK) */
  answered: number;
  /** answered no later than the due time the answer is measured against */
  answeredOnTime: number;
  /** answered after that due time, or not answered and that due time past now */
  late: number;
  /** ACTIVE with its nearest deadline past now */
  overdueNow: number;
  /** mean days from the start of the clock (a letter's ISSUE) to the answer, 1 decimal */
  avgDaysToFeedback: number | null;
  /** 文件会签: mean hours from SEND/REVISE to the round complete (awaitingSignOff), 1 decimal */
  countersignAvgHours: number | null;
}

/**
 * Per lead unit, over what the reader may read. Each workflow carries its answer (when its
 * clock started, when it was answered, by when: src/engine/answer.ts), so no machine is named
 * here but the countersign turnaround, which is about rounds, not the answer.
 */
const statistics = (visible: string) => `
  WITH items AS (
    SELECT w.id, w.machine_id, coalesce(w.units[1], '') AS unit, w.status, w.deadline,
      w.clock_started_at, w.answered_at, w.answer_due
    FROM workflow w
    WHERE w.created_at >= $1 AND w.created_at < $2 AND ($4::text IS NULL OR w.machine_id = $4) AND ${visible}
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
    count(*) FILTER (WHERE a.answered_at IS NOT NULL)::int AS answered,
    count(*) FILTER (WHERE a.answered_at IS NOT NULL AND (a.answer_due IS NULL OR a.answered_at <= a.answer_due))::int
      AS "answeredOnTime",
    count(*) FILTER (WHERE a.answered_at > a.answer_due
      OR (a.answered_at IS NULL AND a.status = 'ACTIVE' AND a.answer_due <= $3))::int AS late,
    count(*) FILTER (WHERE a.status = 'ACTIVE' AND a.deadline < $3)::int AS "overdueNow",
    round((avg(extract(epoch FROM a.answered_at - a.clock_started_at))
      FILTER (WHERE a.answered_at >= a.clock_started_at) / 86400)::numeric, 1)::float8 AS "avgDaysToFeedback",
    max(t.hours) AS "countersignAvgHours"
  FROM items a LEFT JOIN turnaround t ON t.unit = a.unit
  GROUP BY a.unit ORDER BY a.unit COLLATE "C"`;

/** Per lead unit (workflow.units[1]), for workflows started in [from, to) that `scope` may read. */
export async function unitStatistics(
  pool: Pool,
  query: { from: Date; to: Date; now: Date; machineId: string | null },
  scope: ReaderScope,
): Promise<UnitStatisticsRow[]> {
  const { values, param } = sqlParams(query.from, query.to, query.now, query.machineId);
  const { rows } = await pool.query(statistics(visibilitySql(scope, param, 'w')), values);
  return rows;
}
