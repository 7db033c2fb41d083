/** A digest of every row the engine writes: equal digests mean the database is unchanged. */
import { Client } from 'pg';

/** table → [the columns a transaction writes, their order]. */
const TABLES: Record<string, [string, string]> = {
  workflow: ['t.*', 'id'],
  workflow_transition: ['t.*', 'workflow_id, seq'],
  // `position` is given after commit by the stream sequencer, outside the transition: not a write of it
  outbox: ['t.id, t.workflow_id, t.seq, t.created_at', 'id'],
  idempotency_key: ['t.*', 'actor_id, key'],
  // deadline timers: a refused act schedules nothing
  workflow_timer: ['t.*', 'id'],
};

export async function fingerprint(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const parts: string[] = [];
    for (const [table, [columns, order]] of Object.entries(TABLES)) {
      const { rows } = await client.query(
        `SELECT count(*)::int AS n, coalesce(md5(string_agg(ROW(${columns})::text, '|' ORDER BY ${order})), '') AS digest FROM ${table} t`,
      );
      parts.push(`${table}:${rows[0].n}:${rows[0].digest}`);
    }
    return parts.join(' ');
  } finally {
    await client.end();
  }
}
