/** The read side: workflow lists with keyset pagination, and history. */
import type { AlertLevel } from '../calendar/deadlines';
import type { HistoryPageQuery, TransitionRecord, WorkflowRecord, WorkflowStatus } from '../engine/ports';
import type { ReaderScope } from '../engine/visibility';
import type { Sql } from '../kernel/sql';
import { listWorkflowsStatement, selectHistories, selectHistoryPages } from './workflow-queries.sql';
import { rowToRecord, rowToTransition } from './workflow-store';

export interface WorkflowFilter {
  machineId?: string | null;
  state?: string | null;
  status?: WorkflowStatus | null;
  /** the level now, derived from the stored deadline and warning time */
  alertLevel?: AlertLevel | null;
  unit?: string | null;
  deadlineBefore?: Date | null;
  /** any of these dotted state paths */
  states?: readonly string[] | null;
  /** workflows involving this person: named in it (its `people`), or its creator */
  person?: string | null;
  /** the lead unit: units[0], as alertSummary groups by */
  leadUnit?: string | null;
  /** words of the title, matched anywhere in it, case-insensitively */
  text?: string | null;
  /** the definitions' facets (machines/definition.ts Facets): equal, for each one given */
  source?: string | null;
  kind?: string | null;
  flagged?: boolean | null;
  /** items whose period overlaps these dates (YYYY-MM-DD, both ends included) */
  period?: { from: string; to: string } | null;
}

/** A place in list order: the exact created_at (ISO 8601 UTC, to the microsecond) and the id. */
export interface Cursor {
  createdAt: string;
  id: string;
}

export interface Page {
  records: WorkflowRecord[];
  /** each record's place in list order, for its cursor */
  keys: Cursor[];
  hasNextPage: boolean;
}

/** A page of workflows, newest first, after the cursor (the walk: listWorkflowsStatement). */
export async function listWorkflows(
  sql: Sql,
  filter: WorkflowFilter,
  first: number,
  after: Cursor | null,
  now: Date,
  scope: ReaderScope,
): Promise<Page> {
  const statement = listWorkflowsStatement(filter, first, after, now, scope);
  const { rows } = await sql.query(statement, statement.values);
  const page = rows.slice(0, first);
  return {
    records: page.map(rowToRecord),
    keys: page.map((row) => ({ createdAt: row.cursor_at, id: row.id })),
    hasNextPage: rows.length > first,
  };
}

/** Histories of several workflows, each in sequence order. */
export async function historiesOf(sql: Sql, workflowIds: readonly string[]): Promise<TransitionRecord[][]> {
  const { rows } = await sql.query(selectHistories, [workflowIds]);
  const byId = new Map<string, TransitionRecord[]>(workflowIds.map((id) => [id, []]));
  for (const row of rows) byId.get(row.workflow_id)?.push(rowToTransition(row));
  return workflowIds.map((id) => byId.get(id) ?? []);
}

/** Pages of histories (src/engine/workflow-view.ts `transitionPage`), one statement for all, each in seq order. */
export async function historyPagesOf(sql: Sql, queries: readonly HistoryPageQuery[]): Promise<TransitionRecord[][]> {
  const { rows } = await sql.query(selectHistoryPages, [
    queries.map((q) => q.workflowId),
    queries.map((q) => q.after),
    queries.map((q) => q.upTo),
    queries.map((q) => q.first),
  ]);
  const pages: TransitionRecord[][] = queries.map(() => []);
  for (const row of rows) pages[Number(row.page) - 1].push(rowToTransition(row));
  return pages;
}
