/** Reads a workflow and its history rows with their hashes, to verify the chain (src/engine/chain-check.ts). */
import { verifyChain, type ChainCheck, type ChainRow } from '../engine/chain-check';
import type { Row, Sql } from '../kernel/sql';
import { selectChain, selectWorkflowIds } from './chain-queries.sql';
import { rowToRecord, rowToTransition } from './workflow-store';
import { selectWorkflow } from './workflow-store.sql';

const SNAPSHOT = { isolation: 'repeatable read', readOnly: true } as const;

const chainRow = (r: Row): ChainRow => ({
  ...rowToTransition(r),
  prevHash: r.prev_hash,
  hash: r.hash,
  snapshotDigest: r.snapshot_digest,
});

/** The workflow and its history from one snapshot of the database, so a concurrent transition is never half seen. */
export async function verifyWorkflowChain(sql: Sql, workflowId: string): Promise<ChainCheck> {
  const { workflow, history } = await sql.transaction(
    async (tx) => ({
      workflow: await tx.query(selectWorkflow, [workflowId]),
      history: await tx.query(selectChain, [workflowId]),
    }),
    SNAPSHOT,
  );
  if (!workflow.rows[0]) throw new Error(`workflow ${workflowId} vanished`);
  return verifyChain(history.rows.map(chainRow), rowToRecord(workflow.rows[0]));
}

/** Every workflow's chain, each checked against its workflow row. */
export async function verifyAllChains(sql: Sql): Promise<{ workflows: number; broken: { workflowId: string; check: ChainCheck }[] }> {
  const { rows } = await sql.query(selectWorkflowIds);
  const broken: { workflowId: string; check: ChainCheck }[] = [];
  for (const row of rows) {
    const check = await verifyWorkflowChain(sql, row.id);
    if (!check.ok) broken.push({ workflowId: row.id, check });
  }
  return { workflows: rows.length, broken };
}

/** One line of `npm run verify-history` for a broken workflow. */
export function brokenLine(workflowId: string, check: ChainCheck): string {
  const at = check.firstBroken
    ? ` at seq ${check.firstBroken.seq}: expected ${check.firstBroken.expected}, found ${check.firstBroken.found}`
    : '';
  return `BROKEN ${workflowId}${at} (${check.problem}: ${check.detail})`;
}
