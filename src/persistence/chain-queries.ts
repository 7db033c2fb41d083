/** Reads a workflow and its history rows with their hashes, to verify the chain (src/engine/chain-check.ts). */
import type { Pool, QueryResultRow } from 'pg';
import { verifyChain, type ChainCheck, type ChainRow } from '../engine/chain-check';
import { rowToRecord, rowToTransition } from './workflow-store';
import { selectWorkflow } from './workflow.sql';

const chainRow = (r: QueryResultRow): ChainRow => ({
  ...rowToTransition(r),
  prevHash: r.prev_hash,
  hash: r.hash,
  snapshotDigest: r.snapshot_digest,
});

/** The workflow and its history from one snapshot of the database, so a concurrent transition is never half seen. */
export async function verifyWorkflowChain(pool: Pool, workflowId: string): Promise<ChainCheck> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const workflow = await client.query({ ...selectWorkflow, values: [workflowId] });
    const history = await client.query({
      name: 'chain-select',
      text: `SELECT * FROM workflow_transition WHERE workflow_id = $1 ORDER BY seq`,
      values: [workflowId],
    });
    await client.query('COMMIT');
    if (!workflow.rows[0]) throw new Error(`workflow ${workflowId} vanished`);
    return verifyChain(history.rows.map(chainRow), rowToRecord(workflow.rows[0]));
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Every workflow's chain, each checked against its workflow row. */
export async function verifyAllChains(pool: Pool): Promise<{ workflows: number; broken: { workflowId: string; check: ChainCheck }[] }> {
  const { rows } = await pool.query(`SELECT id FROM workflow ORDER BY created_at, id`);
  const broken: { workflowId: string; check: ChainCheck }[] = [];
  for (const row of rows) {
    const check = await verifyWorkflowChain(pool, row.id);
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
