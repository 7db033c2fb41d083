/**
 * Wires one running service from a configuration and a database URL: data source and
 * migrations → store → engine → HTTP server. main.ts adds the embedded database and signals;
 * tests call this directly with their own database and clock.
 */
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { makeAuthenticator } from './auth';
import { CalendarAdmin } from './calendar/calendar-service';
import { CalendarStore } from './calendar/calendar-store';
import { CalendarProvider } from './calendar/provider';
import type { Config } from './config';
import { WorkflowEngine } from './engine/engine';
import { systemClock, type Clock } from './engine/ports';
import { makeDataSource, poolOf } from './persistence/data-source';
import { migrate } from './persistence/migrate';
import { makeWorkflowReads } from './persistence/workflow-reads';
import { PgWorkflowStore } from './persistence/workflow-store';
import { startHttpServer, type HttpServer } from './server';
import { TimerWorker } from './timers/timer-worker';

export interface App {
  url: string;
  port: number;
  engine: WorkflowEngine;
  timers: TimerWorker;
  dataSource: DataSource;
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
  const dataSource = makeDataSource({ url: databaseUrl, ...config.db });
  await dataSource.initialize();
  let server: HttpServer | undefined;
  let timers: TimerWorker | undefined;
  try {
    await migrate(dataSource, logger);
    const pool = poolOf(dataSource);
    const clock = options.clock ?? systemClock;
    // the administrators' calendar is in force before the first request; engine and API share it
    const calendar = new CalendarProvider();
    const calendarStore = new CalendarStore(pool, calendar);
    await calendarStore.load();
    const engine = new WorkflowEngine({ store: new PgWorkflowStore(pool), clock, calendar });
    timers = new TimerWorker(engine, { ...config.timers, logger });
    server = await startHttpServer({
      config,
      logger,
      services: {
        engine,
        timers,
        reads: makeWorkflowReads(pool),
        calendar: new CalendarAdmin(calendarStore, calendar, clock, () => engine.recomputeDeadlines()),
      },
      authenticator: makeAuthenticator(config.auth.jwtSecret, config.auth.clockToleranceS),
    });
    if (config.timers.enabled) timers.start();
    const http = server;
    const worker = timers;
    return {
      url: http.url,
      port: http.port,
      engine,
      timers: worker,
      dataSource,
      close: async () => {
        await http.close();
        await worker.stop();
        await dataSource.destroy();
      },
    };
  } catch (error) {
    await timers?.stop().catch(() => undefined);
    await server?.close().catch(() => undefined);
    await dataSource.destroy().catch(() => undefined);
    throw error;
  }
}
