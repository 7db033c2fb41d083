/** Task lists, the 蓝黄红 wall summary, and pending timers. */
import type { TimerSpec, WorkflowRecord } from '../engine/ports';
import type { ReaderScope } from '../engine/visibility';
import type { Sql } from '../kernel/sql';
import { alertCellsStatement, listTasksStatement, selectTimersOfWorkflow, type AlertSummaryQuery } from './task-queries.sql';
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

/** One cell of the wall: open items of one lead unit and machine, per level, and how many are 挂牌. */
export interface AlertCell extends LevelCounts {
  unit: string;
  machineId: string;
  flagged: number;
}

export interface AlertSummary extends LevelCounts {
  byUnit: (LevelCounts & { unit: string })[];
  byMachine: (LevelCounts & { machineId: string })[];
  /** the wall's cells: what the stream carries, so confidential items are not in them */
  cells: AlertCell[];
  /** the stream position the counts are as of: follow the stream after it */
  cursor: string;
  /** committed transitions already in the counts that the stream has not numbered yet */
  counted: { workflowId: string; version: number }[];
}

interface CellRow {
  unit: string;
  machine_id: string;
  level: 'BLUE' | 'YELLOW' | 'RED';
  flagged: boolean;
  confidential: boolean;
  n: number;
}

/**
 * Open items per level, as recorded by their last transition (the deadline timer records each
 * change of colour), per lead unit, per machine and per cell: what a supervision office puts on
 * its wall. `scope` narrows to what a department or town may read.
 */
export async function alertSummary(sql: Sql, filter: AlertSummaryQuery, scope: ReaderScope): Promise<AlertSummary> {
  const statement = alertCellsStatement(filter, scope);
  const { rows } = await sql.query<{ cells: CellRow[]; cursor: string; counted: AlertSummary['counted'] }>(statement, statement.values);
  const all = counts();
  const byUnit = new Map<string, LevelCounts & { unit: string }>();
  const byMachine = new Map<string, LevelCounts & { machineId: string }>();
  const cells = new Map<string, AlertCell>();
  for (const row of rows[0].cells) {
    add(all, row);
    add(getOr(byUnit, row.unit, () => ({ unit: row.unit, ...counts() })), row);
    add(getOr(byMachine, row.machine_id, () => ({ machineId: row.machine_id, ...counts() })), row);
    if (row.confidential) continue;
    const cell = getOr(cells, `${row.unit}\u0000${row.machine_id}`, () => ({ unit: row.unit, machineId: row.machine_id, flagged: 0, ...counts() }));
    add(cell, row);
    if (row.flagged) cell.flagged += row.n;
  }
  const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    ...all,
    byUnit: [...byUnit.values()].sort((a, b) => b.red - a.red || b.yellow - a.yellow || byCode(a.unit, b.unit)),
    byMachine: [...byMachine.values()].sort((a, b) => byCode(a.machineId, b.machineId)),
    cells: [...cells.values()].sort((a, b) => byCode(a.unit, b.unit) || byCode(a.machineId, b.machineId)),
    cursor: rows[0].cursor,
    counted: rows[0].counted,
  };
}

const counts = (): LevelCounts => ({ total: 0, blue: 0, yellow: 0, red: 0 });

function add(target: LevelCounts, row: CellRow): void {
  target.total += row.n;
  if (row.level === 'RED') target.red += row.n;
  else if (row.level === 'YELLOW') target.yellow += row.n;
  else target.blue += row.n;
}

function getOr<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = make()));
  return value;
}

export async function pendingTimers(sql: Sql, workflowId: string): Promise<TimerSpec[]> {
  const { rows } = await sql.query(selectTimersOfWorkflow, [workflowId]);
  return rows.map((r) => ({ kind: r.kind, action: r.action, dueAt: r.due_at }));
}
