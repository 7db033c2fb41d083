/**
 * Wires one running service from a configuration and a database URL: migrations → the one
 * database pool → store → engine → HTTP server. main.ts adds the embedded database and signals;
 * tests call this directly with their own database and clock.
 */
import { DirectoryService } from './directory/directory-service';
import type { Logger } from 'pino';
import { AdminService } from './admin/admin-service';
import { makeAuthenticator } from './auth/authenticator';
import { AuthFailureLimiter } from './auth/rate-limit';
import { CalendarAdmin } from './calendar/calendar-service';
import { CalendarStore } from './calendar/calendar-store';
import { CalendarProvider } from './calendar/provider';
import type { Config } from './config';
import { openSql } from './db/sql';
import { WorkflowEngine } from './engine/engine';
import { systemClock, type Clock } from './kernel/clock';
import { startTracing } from './telemetry/tracing-sdk';
import type { Sql } from './kernel/sql';
import { instrumentEngine } from './metrics';
import { migrateDatabase } from './persistence/schema-migrations';
import { makeWorkflowReads } from './persistence/read-model';
import { PgWorkflowStore } from './persistence/workflow-store';
import { startHttpServer, type HttpServer } from './server';
import { StreamHub } from './stream/hub';
import { Sequencer } from './stream/sequencer';
import { StreamService } from './stream/stream-service';
import { TimerWorker } from './timers/timer-worker';
import { WebhookWorker } from './webhooks/delivery-worker';
import { WebhookService } from './webhooks/webhook-service';
import { WebhookStore } from './webhooks/webhook-store';

export interface App {
  url: string;
  port: number;
  engine: WorkflowEngine;
  timers: TimerWorker;
  stream: StreamService;
  /** the service's own database pool, for tests that look beneath the API */
  sql: Sql;
  /** Graceful: stop accepting, finish requests, close the database pool. */
  close(): Promise<void>;
}

export async function createApp(options: {
  config: Config;
  logger: Logger;
  databaseUrl: string;
  clock?: Clock;
}): Promise<App> {
  const { config, logger, databaseUrl } = options;
  // traces (OTEL_EXPORTER_OTLP_ENDPOINT), from the first statement; off, nothing is registered
  const tracing = startTracing(config.tracing);
  // migrations first, on connections of their own that close before the pool below opens
  await migrateDatabase({ url: databaseUrl, ...config.db }, logger);
  // every query of this node: DB_POOL_SIZE connections, plus the stream hub's one listener
  const sql = openSql({
    url: databaseUrl,
    ...config.db,
    onIdleError: (error) => logger.warn({ err: error }, 'an idle database connection failed; the pool replaces it'),
  });
  let server: HttpServer | undefined;
  let timers: TimerWorker | undefined;
  let sequencer: Sequencer | undefined;
  let hub: StreamHub | undefined;
  let webhooks: WebhookWorker | undefined;
  let followingCalendar: CalendarStore | undefined;
  // failed authentications are counted once for every node (the poll covers a lost listener)
  const authFailures = new AuthFailureLimiter(config.auth.failureLimit, config.auth.failureWindowS * 1000);
  try {
    await authFailures.share({ db: sql, pollMs: 30_000, onError: (error, what) => logger.warn({ err: error }, what) });
    const clock = options.clock ?? systemClock;
    // the administrators' calendar is in force before the first request; engine and API share it
    const calendar = new CalendarProvider();
    const calendarStore = new CalendarStore(sql, calendar);
    await calendarStore.load();
    // a change made on any node reaches this one by NOTIFY (the poll covers a lost listener)
    await calendarStore.follow({ pollMs: config.calendarPollMs, onError: (error, what) => logger.warn({ err: error }, what) });
    followingCalendar = calendarStore;
    const directory = new DirectoryService(sql, clock, config.directory.mode);
    if (config.directory.seed && (await directory.loadSeedIfEmpty())) logger.info('loaded the development directory (DIRECTORY_SEED)');
    const engine = new WorkflowEngine({
      store: new PgWorkflowStore(sql),
      clock,
      calendar,
      recordCacheSize: config.recordCacheSize,
      directory,
    });
    instrumentEngine(engine);
    timers = new TimerWorker(engine, { ...config.timers, logger });
    // the stream: sequence after every local commit; read what any node sequenced
    // new positions are what webhook deliveries wait for
    sequencer = new Sequencer(sql, logger, {
      batchSize: 5000,
      pollMs: config.stream.pollMs,
      onSequenced: () => webhooks?.kickWhenSequenced(),
    });
    const seq = sequencer;
    // someone waiting (a subscriber, a webhook) gets the position at once; otherwise the poll
    // sequences in batches, sparing every commit a second transaction
    engine.onTransition(() => {
      if (hub!.subscriberCount > 0 || webhooks?.hasActiveEndpoints) seq.kick();
    });
    hub = new StreamHub(sql, logger, { pollMs: config.stream.pollMs });
    await hub.start();
    sequencer.start();
    const streamService = new StreamService(hub, sql, config.stream, () => seq.runUntilDone(), config.webhooks.eventSource);
    const webhookStore = new WebhookStore(sql);
    webhooks = new WebhookWorker(webhookStore, sql, logger, config.webhooks, clock);
    server = await startHttpServer({
      config,
      logger,
      authFailures,
      services: {
        engine,
        timers,
        reads: makeWorkflowReads(sql),
        calendar: new CalendarAdmin(calendarStore, calendar, clock, () => engine.recomputeDeadlines()),
        stream: streamService,
        webhooks: new WebhookService(webhookStore, config.webhooks.allowedHosts, clock),
        admin: new AdminService({ engine, sql, calendar }),
        directory,
      },
      // Tokens are checked by the wall clock, not the service clock: an identity provider signs
      // `exp` by real time, and tests move the service clock days or weeks to fire deadlines
      // while holding tokens minted for an hour of real time.
      authenticator: makeAuthenticator(config.auth.jwtSecret, config.auth.clockToleranceS, systemClock, {
        ...config.auth,
        knows: (actor) => directory.knows(actor),
      }),
    });
    if (config.timers.enabled) timers.start();
    webhooks.start();
    const http = server;
    const worker = timers;
    const stream = { hub, sequencer, webhooks };
    return {
      url: http.url,
      port: http.port,
      engine,
      timers: worker,
      stream: streamService,
      sql,
      close: async () => {
        await http.close();
        await worker.stop();
        await stream.webhooks.stop();
        await stream.sequencer.stop();
        await stream.hub.stop();
        await calendarStore.stop();
        await authFailures.stop();
        await sql.end();
        await tracing.shutdown();
      },
    };
  } catch (error) {
    await timers?.stop().catch(() => undefined);
    await webhooks?.stop().catch(() => undefined);
    await sequencer?.stop().catch(() => undefined);
    await hub?.stop().catch(() => undefined);
    await followingCalendar?.stop().catch(() => undefined);
    await authFailures.stop().catch(() => undefined);
    await server?.close().catch(() => undefined);
    await sql.end().catch(() => undefined);
    await tracing.shutdown();
    throw error;
  }
}
