/**
 * The one place that wires config → database → app, and handles signals.
 * With no DATABASE_URL it starts the embedded PostgreSQL, whose data persists in PG_DATA_DIR.
 * With WORKERS > 1 this process is the primary of a cluster (src/cluster.ts) and each worker
 * runs the app below.
 */
import 'reflect-metadata';
import cluster from 'node:cluster';
import { createApp, type App } from './app';
import { isClusterWorker, joinCluster, runPrimary } from './cluster';
import { loadConfig } from './config';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded';
import { EmbeddedPostgresError } from './db/postgres-runtime';
import { makeLogger } from './logger';

function configOrExit() {
  try {
    return loadConfig();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
}

async function primary(config: ReturnType<typeof loadConfig>, logger: ReturnType<typeof makeLogger>): Promise<void> {
  if (config.auth.usingDevelopmentSecret) {
    logger.warn('AUTH_JWT_SECRET is not set: using the development secret (refused when NODE_ENV=production)');
  }
  let embedded: EmbeddedDatabase | undefined;
  try {
    const databaseUrl = config.databaseUrl ?? (embedded = await startEmbeddedPostgres({ ...config.embedded, logger })).url;
    runPrimary({ workers: config.workers, databaseUrl, logger, shutdownTimeoutMs: config.shutdownTimeoutMs, onStopped: async () => embedded?.stop() });
  } catch (error) {
    if (error instanceof EmbeddedPostgresError) logger.fatal(error.message);
    else logger.fatal({ err: error }, 'failed to start');
    await embedded?.stop().catch(() => undefined);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const config = configOrExit();
  if (config.workers > 1 && cluster.isPrimary) return primary(config, makeLogger(config.logLevel));
  const worker = isClusterWorker();
  const logger = worker ? makeLogger(config.logLevel).child({ worker: cluster.worker!.id }) : makeLogger(config.logLevel);
  if (config.auth.usingDevelopmentSecret && !worker) {
    logger.warn('AUTH_JWT_SECRET is not set: using the development secret (refused when NODE_ENV=production)');
  }
  let embedded: EmbeddedDatabase | undefined;
  let app: App | undefined;
  let stopping = false;

  /** `quietly`: after a start-up failure, whose line must stay the last one */
  const shutdown = async (reason: string, code: number, quietly = false) => {
    if (stopping) return;
    stopping = true;
    if (!quietly) logger.info({ reason }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs + 5000);
    force.unref();
    try {
      await app?.close();
      await embedded?.stop();
      if (!quietly) logger.info('stopped');
    } catch (error) {
      logger.error({ err: error }, 'error while shutting down');
      code = code || 1;
    }
    process.exit(code);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM', 0));
  process.on('SIGINT', () => void shutdown('SIGINT', 0));

  try {
    const databaseUrl =
      config.databaseUrl ??
      (embedded = await startEmbeddedPostgres({ ...config.embedded, logger })).url;
    app = await createApp({ config, logger, databaseUrl });
    if (worker) {
      // the primary says "ready" once every worker is
      logger.info({ url: `${app.url}/graphql`, pid: process.pid }, 'worker ready');
      joinCluster(app.url, () => void shutdown('the primary is gone', 0));
    } else {
      logger.info({ url: `${app.url}/graphql`, graphiql: config.graphiql ? `${app.url}/graphiql` : null }, 'ready');
    }
  } catch (error) {
    // an embedded database failure says what to do in its message; a stack would only hide it
    if (error instanceof EmbeddedPostgresError) logger.fatal(error.message);
    else logger.fatal({ err: error }, 'failed to start');
    await shutdown('startup failure', 1, true);
  }
}

void main();
