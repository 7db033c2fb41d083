/**
 * The database the bench runs on: an embedded PostgreSQL in a temporary directory (as the test
 * setup starts one), or the server DATABASE_URL names. Either way the bench works in its own
 * database, `duban_bench`, dropped and created afresh, so it never touches anyone's data.
 * Durability settings are left at their defaults (fsync and synchronous_commit on).
 */
import { Client } from 'pg';
import { startThrowawayPostgres, withDatabase } from '../../src/db/throwaway';

export { freePort, withDatabase } from '../../src/db/throwaway';

export const BENCH_DATABASE = 'duban_bench';

export interface Database {
  /** URL of the bench database */
  url: string;
  embedded: boolean;
  /** the postmaster's pid when we run PostgreSQL ourselves: its CPU is measured */
  postmasterPid: number | null;
  dataDir: string | null;
  stop(): Promise<void>;
}

export async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** With `keep` (and DATABASE_URL), an existing bench database is used as it is and left in place. */
export async function startDatabase(log: (line: string) => void, keep = false): Promise<Database> {
  const given = process.env.DATABASE_URL;
  if (keep && !given) throw new Error('--keep-db needs DATABASE_URL: an embedded PostgreSQL lives for one run');
  const embedded = given ? null : await startThrowawayPostgres('duban-bench-pg-');
  const adminUrl = given ?? embedded!.url;
  log(given ? `using DATABASE_URL's server` : `embedded PostgreSQL started (pid ${embedded!.pid})`);
  await withClient(adminUrl, async (c) => {
    const exists = (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [BENCH_DATABASE])).rowCount === 1;
    if (keep && exists) return log(`keeping the database ${BENCH_DATABASE} as it is`);
    await c.query(`DROP DATABASE IF EXISTS ${BENCH_DATABASE} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${BENCH_DATABASE}`);
  });
  return {
    url: withDatabase(adminUrl, BENCH_DATABASE),
    embedded: !!embedded,
    postmasterPid: embedded?.pid ?? null,
    dataDir: embedded?.dataDir ?? null,
    stop: async () => {
      if (embedded) return embedded.stop();
      if (keep) return;
      await withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${BENCH_DATABASE} WITH (FORCE)`));
    },
  };
}
