/**
 * WORKERS > 1: this machine's cores as one service. The primary process starts the embedded
 * PostgreSQL when there is no DATABASE_URL, then forks the server processes, which share the port
 * (node:cluster hands connections round-robin). Each worker is a full node — timers, stream,
 * webhooks — exactly as separate machines would be; they coordinate only through PostgreSQL.
 * The first worker starts alone (it runs the migrations and any seed), the rest after it is ready.
 * A worker that dies is replaced; SIGTERM/SIGINT stops them all gracefully, then the database.
 * /metrics on any worker answers the sum over all workers (prom-client's AggregatorRegistry).
 */
import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import { AggregatorRegistry } from 'prom-client';
import { metricsRegistry, setMetricsSource } from './metrics';

interface Ready {
  type: 'duban:ready';
  url: string;
}
interface MetricsAsk {
  type: 'duban:metrics?';
  id: number;
}
interface MetricsAnswer {
  type: 'duban:metrics';
  id: number;
  body?: string;
  error?: string;
}

const isMessage = <T extends { type: string }>(m: unknown, type: T['type']): m is T =>
  typeof m === 'object' && m !== null && (m as { type?: unknown }).type === type;

export interface PrimaryOptions {
  workers: number;
  databaseUrl: string;
  logger: Logger;
  shutdownTimeoutMs: number;
  /** after every worker has stopped (the embedded database) */
  onStopped: () => Promise<void>;
}

/** Runs the primary until a signal, then exits the process. */
export function runPrimary(options: PrimaryOptions): void {
  const { logger } = options;
  const aggregator = new AggregatorRegistry();
  const env = { DATABASE_URL: options.databaseUrl, DUBAN_CLUSTER_WORKER: '1' };
  const live = new Set<Worker>();
  let stopping = false;
  let announced = false;
  let failed = false;

  const fork = (): Promise<string> =>
    new Promise((resolve, reject) => {
      const worker = cluster.fork(env);
      live.add(worker);
      worker.on('message', (message: unknown) => {
        if (isMessage<Ready>(message, 'duban:ready')) resolve(message.url);
        else if (isMessage<MetricsAsk>(message, 'duban:metrics?')) {
          aggregator.clusterMetrics().then(
            (body) => worker.send({ type: 'duban:metrics', id: message.id, body } satisfies MetricsAnswer),
            (error: Error) => worker.send({ type: 'duban:metrics', id: message.id, error: error.message } satisfies MetricsAnswer),
          );
        }
      });
      worker.on('exit', (code, signal) => {
        live.delete(worker);
        reject(new Error(`worker ${worker.id} exited with ${code ?? signal} before it was ready`));
        if (stopping) {
          if (live.size === 0) void finish();
          return;
        }
        if (!announced) return; // a start-up failure ends the whole start (below)
        logger.error({ worker: worker.id, code, signal }, 'a worker died; starting another');
        setTimeout(() => void fork().catch((error) => logger.error({ err: error }, 'a replacement worker failed to start')), 1000);
      });
    });

  let finishing: Promise<void> | null = null;
  const finish = () =>
    (finishing ??= (async () => {
      let code = failed ? 1 : 0;
      try {
        await options.onStopped();
        logger.info('stopped');
      } catch (error) {
        logger.error({ err: error }, 'error while shutting down');
        code = 1;
      }
      process.exit(code);
    })());

  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason, workers: live.size }, 'shutting down');
    setTimeout(() => {
      logger.error('workers took too long to stop; killing them');
      for (const w of live) w.process.kill('SIGKILL');
    }, options.shutdownTimeoutMs + 5000).unref();
    if (live.size === 0) void finish();
    for (const w of live) w.process.kill('SIGTERM');
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  void (async () => {
    try {
      const url = await fork();
      const rest = await Promise.all(Array.from({ length: options.workers - 1 }, () => fork()));
      announced = true;
      if (!stopping) logger.info({ url: `${url}/graphql`, workers: 1 + rest.length }, 'ready');
    } catch (error) {
      logger.fatal({ err: error }, 'failed to start the workers');
      failed = true;
      stop('startup failure');
    }
  })();
}

/** In a worker: tell the primary it serves `url`, and answer /metrics for the whole cluster. */
export function joinCluster(url: string, onPrimaryGone: () => void): void {
  // answers the primary's requests for this process's metrics (added by the constructor)
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([metricsRegistry]);
  let next = 0;
  const waiting = new Map<number, { resolve: (body: string) => void; reject: (error: Error) => void }>();
  process.on('message', (message: unknown) => {
    if (!isMessage<MetricsAnswer>(message, 'duban:metrics')) return;
    const w = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.body !== undefined) w?.resolve(message.body);
    else w?.reject(new Error(message.error ?? 'no metrics'));
  });
  setMetricsSource(
    () =>
      new Promise((resolve, reject) => {
        const id = ++next;
        waiting.set(id, { resolve, reject });
        process.send!({ type: 'duban:metrics?', id } satisfies MetricsAsk);
        setTimeout(() => {
          if (waiting.delete(id)) reject(new Error('the primary did not answer for metrics'));
        }, 5000).unref();
      }),
  );
  cluster.worker!.on('disconnect', onPrimaryGone);
  process.send!({ type: 'duban:ready', url } satisfies Ready);
}

export const isClusterWorker = (): boolean => cluster.isWorker && process.env.DUBAN_CLUSTER_WORKER === '1';
