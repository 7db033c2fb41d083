/** Task lists, the 蓝黄红 wall summary, and pending timers. */
import type { Pool } from 'pg';
import type { TimerSpec, WorkflowRecord } from '../engine/ports';
import type { ReaderScope } from '../engine/visibility';
import { visibilitySql } from './visibility.sql';
import { levelSql } from './workflow-queries';
import { WORKFLOW_COLUMNS } from './workflow.sql';
import { rowToRecord } from './workflow-store';
import { sqlParams } from './sql-params';

/**
 * Active workflows the reader may read that await one of its party tokens, or were escalated to
 * one, nearest deadline first. A role's task (`role:OFFICE`) on a workflow the reader may not
 * read is no task of theirs.
 */
export async function listTasks(pool: Pool, scope: ReaderScope, first: number): Promise<WorkflowRecord[]> {
  const { values, param } = sqlParams(scope.tokens);
  const visible = visibilitySql(scope, param);
  const { rows } = await pool.query({
    name: `tasks-select-${scope.seesAll ? 'all' : 'own'}`,
    text: `SELECT ${WORKFLOW_COLUMNS} FROM workflow
      WHERE status = 'ACTIVE' AND (awaiting && $1::text[] OR escalated_to && $1::text[]) AND ${visible}
      ORDER BY deadline ASC NULLS LAST, created_at, id LIMIT ${param(first)}`,
    values,
  });
  return rows.map(rowToRecord);
}

export interface LevelCounts {
  total: number;
  blue: number;
  yellow: number;
  red: number;
}

export interface AlertSummary extends LevelCounts {
  byUnit: (LevelCounts & { unit: string })[];
  byMachine: (LevelCounts & { machineId: string })[];
}

const COUNTS = `count(*)::int AS total,
  count(*) FILTER (WHERE level = 'BLUE')::int AS blue,
  count(*) FILTER (WHERE level = 'YELLOW')::int AS yellow,
  count(*) FILTER (WHERE level = 'RED')::int AS red`;

/**
 * Open items per level now, per lead unit and per machine: what a supervision office puts on
 * its wall. `scope` narrows to what a department or town may read.
 */
export async function alertSummary(
  pool: Pool,
  filter: { machineId?: string | null; unit?: string | null },
  now: Date,
  scope: ReaderScope,
): Promise<AlertSummary> {
  const { values: params, param } = sqlParams(now);
  const where = [`status = 'ACTIVE'`];
  if (filter.machineId) where.push(`machine_id = ${param(filter.machineId)}`);
  if (filter.unit) where.push(`units[1] = ${param(filter.unit)}`);
  where.push(visibilitySql(scope, param));
  const open = `WITH open AS (
      SELECT machine_id, units[1] AS unit, ${levelSql('$1::timestamptz')} AS level
      FROM workflow WHERE ${where.join(' AND ')}
    )`;
  const [all, byUnit, byMachine] = await Promise.all([
    pool.query(`${open} SELECT ${COUNTS} FROM open`, params),
    pool.query(`${open} SELECT unit, ${COUNTS} FROM open GROUP BY unit ORDER BY red DESC, yellow DESC, unit`, params),
    pool.query(`${open} SELECT machine_id AS "machineId", ${COUNTS} FROM open GROUP BY machine_id ORDER BY machine_id`, params),
  ]);
  return { ...all.rows[0], byUnit: byUnit.rows, byMachine: byMachine.rows };
}

export async function pendingTimers(pool: Pool, workflowId: string): Promise<TimerSpec[]> {
  const { rows } = await pool.query({
    name: 'timers-of-workflow',
    text: `SELECT kind, action, due_at FROM workflow_timer WHERE workflow_id = $1 ORDER BY due_at, id`,
    values: [workflowId],
  });
  return rows.map((r) => ({ kind: r.kind, action: r.action, dueAt: r.due_at }));
}
