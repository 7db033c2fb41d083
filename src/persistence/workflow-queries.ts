/** The read side: workflow lists with keyset pagination, and history. */
import type { Pool, QueryResultRow } from 'pg';
import type { Actor, Role } from '../../machines/definition';
import type { AlertLevel } from '../calendar/deadlines';
import type { TransitionRecord, WorkflowRecord, WorkflowStatus } from '../engine/ports';
import type { ReaderScope } from '../engine/visibility';
import { visibilitySql } from './visibility.sql';
import { WORKFLOW_COLUMNS } from './workflow.sql';
import { rowToRecord } from './workflow-store';

export interface WorkflowFilter {
  machineId?: string | null;
  state?: string | null;
  status?: WorkflowStatus | null;
  /** the level now, derived from the stored deadline and warning time */
  alertLevel?: AlertLevel | null;
  unit?: string | null;
  deadlineBefore?: Date | null;
}

export interface Cursor {
  createdAt: Date;
  id: string;
}

export interface Page {
  records: WorkflowRecord[];
  hasNextPage: boolean;
}

/** The 蓝黄红 level at `now` in SQL: the same rule as alertLevelAt (src/calendar/deadlines.ts). */
export function levelSql(now: string): string {
  return `CASE WHEN status = 'ACTIVE' AND deadline <= ${now} THEN 'RED'
    WHEN status = 'ACTIVE' AND warn_at <= ${now} THEN 'YELLOW' ELSE 'BLUE' END`;
}

const alertCondition = (level: AlertLevel, now: string) => `${levelSql(now)} = '${level}'`;

export async function listWorkflows(
  pool: Pool,
  filter: WorkflowFilter,
  first: number,
  after: Cursor | null,
  now: Date,
  scope: ReaderScope,
): Promise<Page> {
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.machineId) where.push(`machine_id = ${param(filter.machineId)}`);
  if (filter.state) where.push(`state = ${param(filter.state)}`);
  if (filter.status) where.push(`status = ${param(filter.status)}`);
  if (filter.unit) where.push(`units @> ARRAY[${param(filter.unit)}]::text[]`);
  if (filter.deadlineBefore) where.push(`deadline < ${param(filter.deadlineBefore)}`);
  if (filter.alertLevel) where.push(`(${alertCondition(filter.alertLevel, param(now) + '::timestamptz')})`);
  where.push(visibilitySql(scope, param));
  if (after) where.push(`(created_at, id) < (${param(after.createdAt)}, ${param(after.id)}::uuid)`);
  const text = `SELECT ${WORKFLOW_COLUMNS} FROM workflow
    ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
    ORDER BY created_at DESC, id DESC LIMIT ${param(first + 1)}`;
  const { rows } = await pool.query(text, params);
  return { records: rows.slice(0, first).map(rowToRecord), hasNextPage: rows.length > first };
}

function rowToTransition(row: QueryResultRow): TransitionRecord {
  return {
    workflowId: row.workflow_id,
    seq: row.seq,
    eventType: row.event_type,
    payload: row.payload,
    actor: { id: row.actor_id, name: row.actor_name, roles: row.actor_roles as Role[], unit: row.actor_unit } as Actor,
    stateBefore: row.state_before,
    stateAfter: row.state_after,
    alertLevel: row.alert_level,
    at: row.at,
  };
}

/** Histories of several workflows, each in sequence order. */
export async function historiesOf(pool: Pool, workflowIds: readonly string[]): Promise<TransitionRecord[][]> {
  const { rows } = await pool.query({
    name: 'history-select',
    text: `SELECT * FROM workflow_transition WHERE workflow_id = ANY($1::uuid[]) ORDER BY workflow_id, seq`,
    values: [workflowIds],
  });
  const byId = new Map<string, TransitionRecord[]>(workflowIds.map((id) => [id, []]));
  for (const row of rows) byId.get(row.workflow_id)?.push(rowToTransition(row));
  return workflowIds.map((id) => byId.get(id) ?? []);
}
