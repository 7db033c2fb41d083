/** The read model the API uses: pages of workflows and their histories. */
import type { Pool } from 'pg';
import type { ChainCheck } from '../engine/chain-check';
import type { ReaderScope } from '../engine/visibility';
import { verifyWorkflowChain } from './chain-queries';
import type { TimerSpec, TransitionRecord, WorkflowRecord } from '../engine/ports';
import { alertSummary, listTasks, pendingTimers, type AlertSummary } from './task-queries';
import { historiesOf, listWorkflows, type Cursor, type Page, type WorkflowFilter } from './workflow-queries';

export interface WorkflowReads {
  list(
    filter: WorkflowFilter,
    first: number,
    after: Cursor | null,
    now: Date,
    scope: ReaderScope,
  ): Promise<Page>;
  histories(workflowIds: readonly string[]): Promise<TransitionRecord[][]>;
  tasks(scope: ReaderScope, first: number): Promise<WorkflowRecord[]>;
  alertSummary(
    filter: { machineId?: string | null; unit?: string | null },
    now: Date,
    scope: ReaderScope,
  ): Promise<AlertSummary>;
  timers(workflowId: string): Promise<TimerSpec[]>;
  verifyChain(workflowId: string): Promise<ChainCheck>;
  ping(): Promise<void>;
}

export function makeWorkflowReads(pool: Pool): WorkflowReads {
  return {
    list: (filter, first, after, now, scope) => listWorkflows(pool, filter, first, after, now, scope),
    histories: (ids) => historiesOf(pool, ids),
    tasks: (scope, first) => listTasks(pool, scope, first),
    alertSummary: (filter, now, scope) => alertSummary(pool, filter, now, scope),
    timers: (id) => pendingTimers(pool, id),
    verifyChain: (id) => verifyWorkflowChain(pool, id),
    ping: async () => {
      await pool.query('SELECT 1');
    },
  };
}
