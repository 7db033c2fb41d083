/** Tampering with the database as a superuser would, bypassing the history table's triggers. */
import { Client, type QueryResultRow } from 'pg';
import { transitionHash } from '../../src/engine/chain';
import { rowToTransition } from '../../src/persistence/workflow-store';

export type Statement = string | [string, unknown[]];

/** Runs statements as a superuser with every trigger of the history table off; `$1` is the workflow. */
export async function tamper(url: string, id: string, ...statements: Statement[]): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(`ALTER TABLE workflow_transition DISABLE TRIGGER ALL`);
    for (const s of statements) {
      const [text, values] = typeof s === 'string' ? [s, [id]] : s;
      await client.query(text, values);
    }
    await client.query(`ALTER TABLE workflow_transition ENABLE TRIGGER ALL`);
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}

/** A history row as the engine reads it: the store's own mapping. */
export const transitionOf = rowToTransition;

/** A history row forged after `prev`, its hash computed exactly as the engine computes one. */
export function forged(prev: QueryResultRow, seq: number, digest: string | null = prev.snapshot_digest): [string, unknown[]] {
  const row = { ...transitionOf(prev), seq, eventType: 'URGE', payload: { message: '伪造的催办' }, stateBefore: prev.state_after };
  const hash = transitionHash(prev.hash, row, digest);
  return [
    `INSERT INTO workflow_transition (workflow_id, seq, event_type, payload, actor_id, actor_name, actor_roles, actor_unit,
       state_before, state_after, alert_level, at, prev_hash, hash, snapshot_digest)
     SELECT workflow_id, $2, 'URGE', '{"message":"伪造的催办"}', actor_id, actor_name, actor_roles, actor_unit,
       state_after, state_after, alert_level, at, hash, $3, $4 FROM workflow_transition WHERE workflow_id = $1 AND seq = $5`,
    [prev.workflow_id, seq, hash, digest, prev.seq],
  ];
}
