/** The administrators' statements: instances per state, migration candidates, unit statistics (通报). */
import type { ReaderScope } from '../engine/visibility';
import { sqlParams } from './sql-params';
import { visibilitySql } from './visibility.sql';
import { WORKFLOW_COLUMNS } from './workflow-store.sql';

/** ACTIVE instances per machine, version and state, of those `scope` may read. */
export function activeStateCountsStatement(scope: ReaderScope): { text: string; values: unknown[] } {
  const { values, param } = sqlParams();
  const text = `
    SELECT w.machine_id AS "machineId", w.machine_version AS "machineVersion", w.state,
      count(DISTINCT w.id)::int AS active,
      coalesce(array_agg(DISTINCT d->>'kind') FILTER (WHERE d IS NOT NULL), '{}') AS "deadlineKinds"
    FROM workflow w LEFT JOIN LATERAL jsonb_array_elements(w.deadlines) d ON true
    WHERE w.status = 'ACTIVE' AND ${visibilitySql(scope, param, 'w')}
    GROUP BY 1, 2, 3`;
  return { text, values };
}

/** ACTIVE instances of one version ($2) of a machine ($1); $3 the ids, null: all of them. */
export const selectMigrationCandidates = `SELECT ${WORKFLOW_COLUMNS} FROM workflow
     WHERE machine_id = $1 AND machine_version = $2 AND status = 'ACTIVE' AND ($3::uuid[] IS NULL OR id = ANY($3::uuid[]))
     ORDER BY created_at, id`;

/**
 * Per lead unit, over what the reader may read. Each workflow carries its answer (when its
 * clock started, when it was answered, by when: src/engine/answer.ts), so no machine is named
 * here but the countersign turnaround, which is about rounds, not the answer.
 */
const statistics = (visible: string) => `
  WITH items AS (
    SELECT w.id, w.machine_id, coalesce(w.units[1], '') AS unit, w.status, w.deadline,
      w.clock_started_at, w.answered_at, w.answer_due, w.figures
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
  ),
  -- the definitions' own figures (machines/definition.ts statistics), summed per unit, as "machineId.key"
  figure_sums AS (
    SELECT i.unit, i.machine_id || '.' || f.key AS key, sum(f.value::numeric)::float8 AS total
    FROM items i CROSS JOIN LATERAL jsonb_each_text(i.figures) f GROUP BY 1, 2
  ),
  figures AS (SELECT unit, jsonb_object_agg(key, total) AS figures FROM figure_sums GROUP BY unit)
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
    max(t.hours) AS "countersignAvgHours",
    coalesce((SELECT f.figures FROM figures f WHERE f.unit = a.unit), '{}') AS figures
  FROM items a LEFT JOIN turnaround t ON t.unit = a.unit
  GROUP BY a.unit ORDER BY a.unit COLLATE "C"`;

/** Per lead unit, for workflows started in [from, to) of one machine or all, that `scope` may read. */
export function unitStatisticsStatement(
  query: { from: Date; to: Date; now: Date; machineId: string | null },
  scope: ReaderScope,
): { text: string; values: unknown[] } {
  const { values, param } = sqlParams(query.from, query.to, query.now, query.machineId);
  return { text: statistics(visibilitySql(scope, param, 'w')), values };
}
