/** Reads history rows with their hashes, to verify the chain (src/engine/chain.ts). */
import type { Pool } from 'pg';
import type { Role } from '../../machines/definition';
import { verifyChain, type ChainCheck } from '../engine/chain';

export async function verifyWorkflowChain(pool: Pool, workflowId: string): Promise<ChainCheck> {
  const { rows } = await pool.query({
    name: 'chain-select',
    text: `SELECT * FROM workflow_transition WHERE workflow_id = $1 ORDER BY seq`,
    values: [workflowId],
  });
  return verifyChain(
    rows.map((r) => ({
      workflowId: r.workflow_id,
      seq: r.seq,
      eventType: r.event_type,
      payload: r.payload,
      actor: { id: r.actor_id, name: r.actor_name, roles: r.actor_roles as Role[], unit: r.actor_unit },
      stateBefore: r.state_before,
      stateAfter: r.state_after,
      alertLevel: r.alert_level,
      at: r.at,
      prevHash: r.prev_hash,
      hash: r.hash,
    })),
  );
}

/** Every workflow's chain; also checks the workflow row points at its last history row. */
export async function verifyAllChains(pool: Pool): Promise<{ workflows: number; broken: { workflowId: string; check: ChainCheck }[] }> {
  const { rows } = await pool.query(`SELECT id, last_hash FROM workflow ORDER BY created_at, id`);
  const broken: { workflowId: string; check: ChainCheck }[] = [];
  for (const row of rows) {
    const check = await verifyWorkflowChain(pool, row.id);
    if (!check.ok) broken.push({ workflowId: row.id, check });
  }
  return { workflows: rows.length, broken };
}
