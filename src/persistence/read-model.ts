/** The read model the API uses: pages of workflows and their histories. */
import type { ChainCheck } from '../engine/chain-check';
import type { ReaderScope } from '../engine/visibility';
import type { Sql } from '../kernel/sql';
import { verifyWorkflowChain } from './chain-queries';
import type { HistoryPageQuery, TimerSpec, TransitionRecord, WorkflowRecord } from '../engine/ports';
import { alertSummary, listTasks, pendingTimers, type AlertSummary } from './task-queries';
import { historiesOf, historyPagesOf, listWorkflows, type Cursor, type Page, type WorkflowFilter } from './workflow-queries';
import { ping } from './workflow-queries.sql';

export interface WorkflowReads {
  list(
    filter: WorkflowFilter,
    first: number,
    after: Cursor | null,
    now: Date,
    scope: ReaderScope,
  ): Promise<Page>;
  histories(workflowIds: readonly string[]): Promise<TransitionRecord[][]>;
  /** pages of histories, each in seq order (Workflow.transitions) */
  historyPages(queries: readonly HistoryPageQuery[]): Promise<TransitionRecord[][]>;
  tasks(scope: ReaderScope, first: number): Promise<WorkflowRecord[]>;
  alertSummary(filter: { machineId?: string | null; unit?: string | null }, scope: ReaderScope): Promise<AlertSummary>;
  timers(workflowId: string): Promise<TimerSpec[]>;
  verifyChain(workflowId: string): Promise<ChainCheck>;
  ping(): Promise<void>;
}

export function makeWorkflowReads(sql: Sql): WorkflowReads {
  return {
    list: (filter, first, after, now, scope) => listWorkflows(sql, filter, first, after, now, scope),
    histories: (ids) => historiesOf(sql, ids),
    historyPages: (queries) => historyPagesOf(sql, queries),
    tasks: (scope, first) => listTasks(sql, scope, first),
    alertSummary: (filter, scope) => alertSummary(sql, filter, scope),
    timers: (id) => pendingTimers(sql, id),
    verifyChain: (id) => verifyWorkflowChain(sql, id),
    ping: async () => {
      await sql.query(ping);
    },
  };
}
