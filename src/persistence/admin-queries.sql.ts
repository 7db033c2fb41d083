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

/**
 * The same figures for a reader who sees everything, from the day counts (workflow_day_count,
 * migrations/1765324800003-CountStatisticsByDay.ts) where they do not depend on the clock; the
 * open items for what does (late and unanswered, overdue now); and, under the visibility rule,
 * the few workflows the day counts leave out (confidential, whole drafts). [$1, $2) must be
 * whole days, Asia/Shanghai, as unitStatistics asks.
 */
const countedStatistics = (visible: string) => `
  WITH days AS MATERIALIZED (
    SELECT c.lead_unit, sum(c.received) AS received, sum(c.answered) AS answered, sum(c.answered_on_time) AS answered_on_time,
      sum(c.answered_late) AS answered_late, sum(c.feedback_seconds) AS feedback_seconds, sum(c.feedback_n) AS feedback_n
    FROM workflow_day_count c
    WHERE c.day >= ($1::timestamptz AT TIME ZONE 'Asia/Shanghai')::date AND c.day < ($2::timestamptz AT TIME ZONE 'Asia/Shanghai')::date
      AND ($4::text IS NULL OR c.machine_id = $4)
    GROUP BY c.lead_unit
  ),
  day_figures AS MATERIALIZED (
    SELECT c.lead_unit AS unit, c.machine_id || '.' || f.key AS key, sum(f.value::numeric) AS total
    FROM workflow_day_count c CROSS JOIN LATERAL jsonb_each_text(c.figures) f
    WHERE c.day >= ($1::timestamptz AT TIME ZONE 'Asia/Shanghai')::date AND c.day < ($2::timestamptz AT TIME ZONE 'Asia/Shanghai')::date
      AND ($4::text IS NULL OR c.machine_id = $4) AND c.figures <> '{}'
    GROUP BY 1, 2
  ),
  open_counted AS (
    SELECT coalesce(w.units[1], '') AS unit,
      count(*) FILTER (WHERE w.answered_at IS NULL AND w.answer_due <= $3) AS late_open,
      count(*) FILTER (WHERE w.deadline < $3) AS overdue
    FROM workflow w
    WHERE w.status = 'ACTIVE' AND w.created_at >= $1 AND w.created_at < $2 AND ($4::text IS NULL OR w.machine_id = $4)
      AND NOT w.confidential AND NOT w.draft_whole
    GROUP BY 1
  ),
  others AS (
    SELECT w.id, w.machine_id, coalesce(w.units[1], '') AS unit, w.status, w.deadline, w.clock_started_at, w.answered_at, w.answer_due, w.figures
    FROM workflow w
    WHERE (w.confidential OR w.draft_whole) AND w.created_at >= $1 AND w.created_at < $2 AND ($4::text IS NULL OR w.machine_id = $4) AND ${visible}
  ),
  per_unit AS (
    SELECT unit, sum(received) AS received, sum(answered) AS answered, sum(on_time) AS on_time, sum(late) AS late,
      sum(overdue) AS overdue, sum(seconds) AS seconds, sum(feedback_n) AS feedback_n
    FROM (
      SELECT lead_unit AS unit, received, answered, answered_on_time AS on_time, answered_late AS late, 0 AS overdue,
        feedback_seconds AS seconds, feedback_n FROM days
      UNION ALL
      SELECT unit, 0, 0, 0, late_open, overdue, 0, 0 FROM open_counted
      UNION ALL
      SELECT unit, 1, (answered_at IS NOT NULL)::int, (answered_at IS NOT NULL AND (answer_due IS NULL OR answered_at <= answer_due))::int,
        (answered_at > answer_due OR (answered_at IS NULL AND status = 'ACTIVE' AND answer_due <= $3))::int,
        (status = 'ACTIVE' AND deadline < $3)::int,
        CASE WHEN answered_at >= clock_started_at THEN extract(epoch FROM answered_at - clock_started_at)::float8 ELSE 0 END,
        (answered_at >= clock_started_at)::int
      FROM others
    ) x
    GROUP BY unit HAVING sum(received) > 0
  ),
  rounds AS (
    SELECT coalesce(w.units[1], '') AS unit, extract(epoch FROM r.at - (
        SELECT max(s.at) FROM workflow_transition s
        WHERE s.workflow_id = r.workflow_id AND s.seq < r.seq AND s.event_type IN ('SEND', 'REVISE'))) / 3600 AS hours
    FROM workflow_transition r JOIN workflow w ON w.id = r.workflow_id
    WHERE r.state_after = 'awaitingSignOff' AND w.machine_id = 'documentCountersign' AND ($4::text IS NULL OR $4 = 'documentCountersign')
      AND w.created_at >= $1 AND w.created_at < $2 AND ${visible}
      AND r.state_before IS DISTINCT FROM 'awaitingSignOff' AND left(r.event_type, 6) <> 'ADMIN_'
  ),
  turnaround AS (
    SELECT unit, round(avg(hours)::numeric, 1)::float8 AS hours FROM rounds WHERE hours IS NOT NULL GROUP BY unit
  ),
  figure_sums AS (
    SELECT unit, key, sum(total)::float8 AS total FROM (
      SELECT unit, key, total FROM day_figures
      UNION ALL
      SELECT o.unit, o.machine_id || '.' || f.key, f.value::numeric FROM others o CROSS JOIN LATERAL jsonb_each_text(o.figures) f
    ) x GROUP BY 1, 2
  ),
  figures AS MATERIALIZED (SELECT unit, jsonb_object_agg(key, total) AS figures FROM figure_sums GROUP BY unit)
  SELECT a.unit, a.received::int, a.answered::int, a.on_time::int AS "answeredOnTime", a.late::int, a.overdue::int AS "overdueNow",
    round((a.seconds / nullif(a.feedback_n, 0) / 86400)::numeric, 1)::float8 AS "avgDaysToFeedback",
    t.hours AS "countersignAvgHours",
    coalesce(fg.figures, '{}') AS figures
  FROM per_unit a LEFT JOIN turnaround t ON t.unit = a.unit LEFT JOIN figures fg ON fg.unit = a.unit
  ORDER BY a.unit COLLATE "C"`;

/** Per lead unit, for workflows started in [from, to) of one machine or all, that `scope` may read. */
export function unitStatisticsStatement(
  query: { from: Date; to: Date; now: Date; machineId: string | null },
  scope: ReaderScope,
): { text: string; values: unknown[] } {
  const { values, param } = sqlParams(query.from, query.to, query.now, query.machineId);
  const visible = visibilitySql(scope, param, 'w');
  return { text: scope.seesAll ? countedStatistics(visible) : statistics(visible), values };
}

/** The statement that reads every workflow of the period, for any reader: the baseline the counts must equal. */
export function unitStatisticsDirectStatement(
  query: { from: Date; to: Date; now: Date; machineId: string | null },
  scope: ReaderScope,
): { text: string; values: unknown[] } {
  const { values, param } = sqlParams(query.from, query.to, query.now, query.machineId);
  return { text: statistics(visibilitySql(scope, param, 'w')), values };
}
