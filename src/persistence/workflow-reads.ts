/** The read model the API uses: pages of workflows and their histories. */
import type { Pool } from 'pg';
import type { TransitionRecord } from '../engine/ports';
import { historiesOf, listWorkflows, type Cursor, type Page, type WorkflowFilter } from './workflow-queries';

export interface WorkflowReads {
  list(
    filter: WorkflowFilter,
    first: number,
    after: Cursor | null,
    now: Date,
    scope: { unit: string; person: string } | null,
  ): Promise<Page>;
  histories(workflowIds: readonly string[]): Promise<TransitionRecord[][]>;
  ping(): Promise<void>;
}

export function makeWorkflowReads(pool: Pool): WorkflowReads {
  return {
    list: (filter, first, after, now, scope) => listWorkflows(pool, filter, first, after, now, scope),
    histories: (ids) => historiesOf(pool, ids),
    ping: async () => {
      await pool.query('SELECT 1');
    },
  };
}
