/**
 * All configuration, read from the environment once at startup, validated, frozen. Nothing else
 * reads process.env. The README's configuration table lists the same variables.
 */
import path from 'node:path';
import { z } from 'zod';

/** Signs development tokens when AUTH_JWT_SECRET is not set; refused in production. */
export const DEVELOPMENT_JWT_SECRET = 'development-only-secret-change-me-0123456789';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  DATABASE_URL: z.string().url().optional(),
  PG_DATA_DIR: z.string().default(path.join(process.cwd(), '.data', 'postgres')),
  PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  DB_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(8),
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(15000),
  AUTH_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  AUTH_CLOCK_TOLERANCE_S: z.coerce.number().int().min(0).max(600).default(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  GRAPHIQL: bool.default(true),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1_000_000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10000),
  TIMER_WORKER: bool.default(true),
  TIMER_POLL_MS: z.coerce.number().int().min(10).max(600_000).default(1000),
  TIMER_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(200),
  TIMER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
});

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** null: start the embedded PostgreSQL */
  databaseUrl: string | null;
  embedded: { dataDir: string; port: number };
  db: { poolSize: number; connectTimeoutMs: number; statementTimeoutMs: number };
  auth: { jwtSecret: string; clockToleranceS: number; usingDevelopmentSecret: boolean };
  logLevel: string;
  graphiql: boolean;
  maxBodyBytes: number;
  shutdownTimeoutMs: number;
  timers: { enabled: boolean; pollMs: number; batchSize: number; concurrency: number };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // an empty variable (`DATABASE_URL=`) means "not set"
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = schema.safeParse(given);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`invalid configuration:\n${lines}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && !e.AUTH_JWT_SECRET) {
    throw new Error('invalid configuration:\n  AUTH_JWT_SECRET: required when NODE_ENV=production');
  }
  return Object.freeze({
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL ?? null,
    embedded: { dataDir: path.resolve(e.PG_DATA_DIR), port: e.PG_PORT },
    db: { poolSize: e.DB_POOL_SIZE, connectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS, statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS },
    auth: {
      jwtSecret: e.AUTH_JWT_SECRET ?? DEVELOPMENT_JWT_SECRET,
      clockToleranceS: e.AUTH_CLOCK_TOLERANCE_S,
      usingDevelopmentSecret: !e.AUTH_JWT_SECRET,
    },
    logLevel: e.LOG_LEVEL,
    graphiql: e.GRAPHIQL,
    maxBodyBytes: e.MAX_BODY_BYTES,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    timers: {
      enabled: e.TIMER_WORKER,
      pollMs: e.TIMER_POLL_MS,
      batchSize: e.TIMER_BATCH_SIZE,
      concurrency: e.TIMER_CONCURRENCY,
    },
  });
}
