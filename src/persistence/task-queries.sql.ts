/** Task lists, the 蓝黄红 wall summary, and a workflow's pending timers. */
import type { ReaderScope } from '../engine/visibility';
import { sqlParams } from './sql-params';
import { visibilitySql } from './visibility.sql';
import { WORKFLOW_COLUMNS } from './workflow-store.sql';
import { levelSql } from './workflow-queries.sql';

/**
 * Active workflows the reader may read that await one of its party tokens, or were escalated to
 * one, nearest deadline first. A role's task (`role:OFFICE`) on a workflow the reader may not
 * read is no task of theirs.
 */
export function listTasksStatement(scope: ReaderScope, first: number): { name: string; text: string; values: unknown[] } {
  const { values, param } = sqlParams(scope.tokens);
  const visible = visibilitySql(scope, param);
  return {
    name: `tasks-select-${scope.seesAll ? 'all' : 'own'}`,
    text: `SELECT ${WORKFLOW_COLUMNS} FROM workflow
      WHERE status = 'ACTIVE' AND (awaiting && $1::text[] OR escalated_to && $1::text[]) AND ${visible}
      ORDER BY deadline ASC NULLS LAST, created_at, id LIMIT ${param(first)}`,
    values,
  };
}

const COUNTS = `count(*)::int AS total,
  count(*) FILTER (WHERE level = 'BLUE')::int AS blue,
  count(*) FILTER (WHERE level = 'YELLOW')::int AS yellow,
  count(*) FILTER (WHERE level = 'RED')::int AS red`;

/** Open items per level now ($1), in all, per lead unit and per machine; the three share their values. */
export function alertSummaryStatements(
  filter: { machineId?: string | null; unit?: string | null },
  now: Date,
  scope: ReaderScope,
): { all: string; byUnit: string; byMachine: string; values: unknown[] } {
  const { values, param } = sqlParams(now);
  const where = [`status = 'ACTIVE'`];
  if (filter.machineId) where.push(`machine_id = ${param(filter.machineId)}`);
  if (filter.unit) where.push(`units[1] = ${param(filter.unit)}`);
  where.push(visibilitySql(scope, param));
  const open = `WITH open AS (
      SELECT machine_id, units[1] AS unit, ${levelSql('$1::timestamptz')} AS level
      FROM workflow WHERE ${where.join(' AND ')}
    )`;
  return {
    all: `${open} SELECT ${COUNTS} FROM open`,
    byUnit: `${open} SELECT unit, ${COUNTS} FROM open GROUP BY unit ORDER BY red DESC, yellow DESC, unit`,
    byMachine: `${open} SELECT machine_id AS "machineId", ${COUNTS} FROM open GROUP BY machine_id ORDER BY machine_id`,
    values,
  };
}

export const selectTimersOfWorkflow = {
  name: 'timers-of-workflow',
  text: `SELECT kind, action, due_at FROM workflow_timer WHERE workflow_id = $1 ORDER BY due_at, id`,
};
