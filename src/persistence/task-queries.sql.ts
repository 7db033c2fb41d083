/** Task lists, the 蓝黄红 wall summary, and a workflow's pending timers. */
import type { ReaderScope } from '../engine/visibility';
import { sqlParams } from './sql-params';
import { readerDraftsSql, visibilitySql } from './visibility.sql';
import { WORKFLOW_COLUMNS } from './workflow-store.sql';

/**
 * Active workflows the reader may read that await one of its party tokens, or were escalated to
 * one, nearest deadline first. Each of the reader's tokens is walked in workflow_task from the
 * nearest deadline and stopped after a page of readable rows; the walks are merged and a
 * workflow met twice (awaiting the unit, escalated to the person) counted once. A role's task
 * (`role:OFFICE`) on a workflow the reader may not read is no task of theirs.
 */
export function listTasksStatement(scope: ReaderScope, first: number): { name: string; text: string; values: unknown[] } {
  const { values, param } = sqlParams();
  const visible = visibilitySql(scope, param, 'w');
  const limit = param(first);
  const walks = scope.tokens.map(
    (token) => `(SELECT ${TASK_COLUMNS} FROM workflow_task k JOIN workflow w ON w.id = k.workflow_id
      WHERE k.token = ${param(token)} AND w.status = 'ACTIVE' AND ${visible}
      ORDER BY k.deadline ASC NULLS LAST, k.created_at, k.workflow_id LIMIT ${limit})`,
  );
  return {
    name: `tasks-select-${scope.seesAll ? 'all' : 'own'}-${scope.tokens.length}`,
    text: `SELECT DISTINCT ON (deadline, created_at, id) * FROM (${walks.join(' UNION ALL ')}) tasks
      ORDER BY deadline ASC NULLS LAST, created_at, id LIMIT ${limit}`,
    values,
  };
}

const TASK_COLUMNS = WORKFLOW_COLUMNS.split(',').map((c) => `w.${c.trim()}`).join(', ');

export interface AlertSummaryQuery {
  machineId?: string | null;
  unit?: string | null;
}

/**
 * The wall's cells (open items per lead unit × machine × level × 挂牌, and whether confidential),
 * the stream position they are as of, and the committed transitions they count that the stream
 * has not numbered yet (a client following the stream from that position skips these).
 *
 * A reader who sees everything sees every open item that is neither confidential nor a whole
 * draft: those come from workflow_alert_count, kept by the transaction of each transition
 * (migrations/1765324800000-CountOpenItems.ts); the few others are counted here under the
 * visibility rule: the whole drafts among them by the reader's parties (a whole draft is
 * visible to its draft readers only, which the rule says too; workflow_open_draft_readers_idx),
 * the confidential ones by the rule (workflow_open_confidential_idx). Any other reader's open items are found through its own parties in
 * workflow_reader and counted under the rule, and its whole drafts, whose party rows are kept
 * apart (migrations/1765497600000), by its tokens as above.
 */
export function alertCellsStatement(filter: AlertSummaryQuery, scope: ReaderScope): { name: string; text: string; values: unknown[] } {
  const { values, param } = sqlParams();
  const onCounts: string[] = [];
  const onWorkflow: string[] = [`w.status = 'ACTIVE'`];
  if (filter.machineId) {
    const p = param(filter.machineId);
    onCounts.push(`machine_id = ${p}`);
    onWorkflow.push(`w.machine_id = ${p}`);
  }
  if (filter.unit) {
    const p = param(filter.unit);
    onCounts.push(`lead_unit = ${p}`);
    onWorkflow.push(`coalesce(w.units[1], '') = ${p}`);
  }
  const visible = visibilitySql(scope, param, 'w');
  const direct = (where: string) => `
    SELECT coalesce(w.units[1], '') AS unit, w.machine_id, w.alert_level AS level,
      coalesce(w.facets->>'flagged' = 'true', false) AS flagged, w.confidential, count(*)::int AS n
    FROM workflow w WHERE ${[...onWorkflow, where, visible].join(' AND ')}
    GROUP BY 1, 2, 3, 4, 5`;
  // whoever reads: the whole drafts it is a draft reader of (they have no plain counter or party rows)
  const drafts = direct(readerDraftsSql(scope, param));
  const cells = scope.seesAll
    ? `SELECT lead_unit AS unit, machine_id, alert_level AS level, flagged, false AS confidential, sum(n)::int AS n
         FROM workflow_alert_count ${onCounts.length ? 'WHERE ' + onCounts.join(' AND ') : ''}
         GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0
       UNION ALL ${drafts}
       UNION ALL ${direct('w.confidential AND NOT w.draft_whole')}`
    : `${direct(`w.id = ANY(ARRAY(SELECT DISTINCT r.workflow_id FROM workflow_reader r
        WHERE r.token = ANY(${param([`unit:${scope.unit}`, `person:${scope.person}`])}::text[]) AND r.status = 'ACTIVE'))`)}
       UNION ALL ${drafts}`;
  const text = `
    WITH cells AS (${cells})
    SELECT (SELECT coalesce(json_agg(c), '[]') FROM cells c) AS cells,
      (SELECT coalesce(max(position), 0)::text FROM outbox) AS cursor,
      (SELECT coalesce(json_agg(json_build_object('workflowId', o.workflow_id, 'version', o.seq)), '[]')
         FROM outbox o JOIN workflow w ON w.id = o.workflow_id
         WHERE o.position IS NULL AND NOT w.confidential AND ${visibilitySql(scope, param, 'w', 'o')}) AS counted`;
  return { name: `alert-cells-${scope.seesAll ? 'all' : 'own'}-${filter.machineId ? 'm' : ''}${filter.unit ? 'u' : ''}`, text, values };
}

export const selectTimersOfWorkflow = {
  name: 'timers-of-workflow',
  text: `SELECT kind, action, due_at FROM workflow_timer WHERE workflow_id = $1 ORDER BY due_at, id`,
};
