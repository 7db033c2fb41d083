/** Task lists, the 蓝黄红 wall summary, and pending timers. */
import type { TimerSpec, WorkflowRecord } from '../engine/ports';
import type { ReaderScope } from '../engine/visibility';
import type { Sql } from '../kernel/sql';
import { alertSummaryStatements, listTasksStatement, selectTimersOfWorkflow } from './task-queries.sql';
import { rowToRecord } from './workflow-store';

/** What awaits the reader, nearest deadline first (listTasksStatement). */
export async function listTasks(sql: Sql, scope: ReaderScope, first: number): Promise<WorkflowRecord[]> {
  const statement = listTasksStatement(scope, first);
  const { rows } = await sql.query(statement, statement.values);
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

/**
 * Open items per level now, per lead unit and per machine: what a supervision office puts on
 * its wall. `scope` narrows to what a department or town may read.
 */
export async function alertSummary(
  sql: Sql,
  filter: { machineId?: string | null; unit?: string | null },
  now: Date,
  scope: ReaderScope,
): Promise<AlertSummary> {
  const statements = alertSummaryStatements(filter, now, scope);
  const [all, byUnit, byMachine] = await Promise.all([
    sql.query<LevelCounts>(statements.all, statements.values),
    sql.query<LevelCounts & { unit: string }>(statements.byUnit, statements.values),
    sql.query<LevelCounts & { machineId: string }>(statements.byMachine, statements.values),
  ]);
  return { ...all.rows[0], byUnit: byUnit.rows, byMachine: byMachine.rows };
}

export async function pendingTimers(sql: Sql, workflowId: string): Promise<TimerSpec[]> {
  const { rows } = await sql.query(selectTimersOfWorkflow, [workflowId]);
  return rows.map((r) => ({ kind: r.kind, action: r.action, dueAt: r.due_at }));
}
