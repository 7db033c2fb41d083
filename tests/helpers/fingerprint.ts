/** A digest of every row the engine writes: equal digests mean the database is unchanged. */
import { Client } from 'pg';

const TABLES: Record<string, string> = {
  workflow: 'id',
  workflow_transition: 'workflow_id, seq',
  outbox: 'position',
  idempotency_key: 'actor_id, key',
  // deadline timers: a refused act schedules nothing
  workflow_timer: 'id',
};

export async function fingerprint(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const parts: string[] = [];
    for (const [table, order] of Object.entries(TABLES)) {
      const { rows } = await client.query(
        `SELECT count(*)::int AS n, coalesce(md5(string_agg(t::text, '|' ORDER BY ${order})), '') AS digest FROM ${table} t`,
      );
      parts.push(`${table}:${rows[0].n}:${rows[0].digest}`);
    }
    return parts.join(' ');
  } finally {
    await client.end();
  }
}
