/**
 * All configuration, read from the environment once at startup, validated, frozen. Nothing else
 * reads process.env. The README's configuration table lists the same variables.
 */
import os from 'node:os';
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
  RECORD_CACHE_SIZE: z.coerce.number().int().min(0).max(1_000_000).default(5000),
  AUTH_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  AUTH_CLOCK_TOLERANCE_S: z.coerce.number().int().min(0).max(600).default(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  GRAPHIQL: bool.default(true),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1_000_000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10000),
  TIMER_WORKER: bool.default(true),
  TIMER_POLL_MS: z.coerce.number().int().min(10).max(600_000).default(1000),
  TIMER_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(200),
  TIMER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  STREAM_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  CALENDAR_POLL_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  WORKERS: z
    .union([z.literal('auto'), z.coerce.number().int().min(1).max(64)])
    .default(1),
  STREAM_MAX_BUFFER: z.coerce.number().int().min(10).max(100_000).default(1000),
  STREAM_MAX_SOCKET_BACKLOG_BYTES: z.coerce.number().int().min(1024).default(4_000_000),
  STREAM_MAX_SUBSCRIPTIONS: z.coerce.number().int().min(1).default(5000),
  WS_PING_MS: z.coerce.number().int().min(0).max(600_000).default(30_000),
  WEBHOOK_ALLOWED_HOSTS: z.string().default(''),
  WEBHOOK_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(10).default(1000),
  WEBHOOK_RETRY_MAX_MS: z.coerce.number().int().min(10).default(600_000),
  WEBHOOK_LEGACY_HEADERS: bool.default(true),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().trim().url().optional(),
  OTEL_SERVICE_NAME: z.string().trim().min(1).max(200).default('duban-workflow'),
  OTEL_BSP_SCHEDULE_DELAY: z.coerce.number().int().min(10).max(600_000).default(5000),
  CLOUDEVENTS_SOURCE: z.string().trim().min(1).max(500).default('urn:duban:zhaoyuan'),
  // request limits and authentication hardening (src/graphql/limits.ts, src/auth/token-verifier.ts, src/auth/rate-limit.ts)
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(2).max(1000).default(10),
  GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(0).max(100_000).default(15),
  GRAPHQL_MAX_COST: z.coerce.number().int().min(10).default(5000),
  GRAPHQL_MAX_TOKENS: z.coerce.number().int().min(100).default(1000),
  GRAPHQL_MAX_DIRECTIVES: z.coerce.number().int().min(0).max(100_000).default(20),
  GRAPHQL_INTROSPECTION: bool.optional(),
  GRAPHQL_SUGGESTIONS: bool.optional(),
  MAX_PAYLOAD_BYTES: z.coerce.number().int().min(256).default(65_536),
  AUTH_JWKS_URL: z.string().url().optional(),
  AUTH_ISSUER: z.string().optional(),
  AUTH_AUDIENCE: z.string().optional(),
  AUTH_FAILURE_LIMIT: z.coerce.number().int().min(0).default(20),
  AUTH_FAILURE_WINDOW_S: z.coerce.number().int().min(1).max(86_400).default(60),
  AUTH_TOKEN_CACHE_SIZE: z.coerce.number().int().min(0).max(1_000_000).default(10_000),
  TRUST_PROXY: z.string().optional(),
  // 组织机构与分管 (src/directory/)
  DIRECTORY: z.enum(['auto', 'off']).default('auto'),
  DIRECTORY_SEED: bool.default(false),
});

/** Every variable the service reads (the README's configuration table lists them all). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(schema.shape);

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** null: start the embedded PostgreSQL */
  databaseUrl: string | null;
  embedded: { dataDir: string; port: number };
  db: { poolSize: number; connectTimeoutMs: number; statementTimeoutMs: number };
  /** auto: checked once a unit is loaded; off: never. seed: load the development directory into an empty one */
  directory: { mode: 'auto' | 'off'; seed: boolean };
  /** records the write path may decide on without reading them first (src/engine/record-cache.ts) */
  recordCacheSize: number;
  auth: {
    jwtSecret: string;
    clockToleranceS: number;
    usingDevelopmentSecret: boolean;
    /** tokens of an external identity provider (RS256/ES256), verified with its JWKS; null: off */
    jwksUrl: string | null;
    /** accepted `iss` / `aud` values; null: not checked */
    issuer: string[] | null;
    audience: string[] | null;
    /** failed authentications per client IP per window before HTTP 429; 0: no limit */
    failureLimit: number;
    failureWindowS: number;
    /** tokens whose signature was verified, kept so the next request skips the check; 0: off */
    tokenCacheSize: number;
  };
  /** GraphQL request limits (src/graphql/limits.ts) */
  graphql: {
    maxDepth: number;
    maxAliases: number;
    maxCost: number;
    maxTokens: number;
    maxDirectives: number;
    introspection: boolean;
    suggestions: boolean;
    maxPayloadBytes: number;
  };
  /** Express `trust proxy` (for the client IP behind a reverse proxy); null: not trusted */
  trustProxy: string | null;
  logLevel: string;
  graphiql: boolean;
  maxBodyBytes: number;
  shutdownTimeoutMs: number;
  timers: { enabled: boolean; pollMs: number; batchSize: number; concurrency: number };
  stream: { pollMs: number; maxBuffer: number; maxSocketBacklog: number; maxSubscriptions: number; pingMs: number };
  /** safety poll of the calendar tables; a NOTIFY reloads them at once */
  calendarPollMs: number;
  /** server processes on this machine sharing the port ('auto': one per core) */
  workers: number;
  tracing: { endpoint: string | null; serviceName: string; batchDelayMs: number };
  webhooks: {
    allowedHosts: string[];
    pollMs: number;
    timeoutMs: number;
    retryBaseMs: number;
    retryMaxMs: number;
    batchSize: number;
    /** also send the earlier X-Duban-* signature headers (for receivers not yet moved) */
    legacyHeaders: boolean;
    /** the CloudEvents `source` of every event this service emits */
    eventSource: string;
  };
}

/** "a, b" → ['a', 'b']; unset → null */
function list(value: string | undefined): string[] | null {
  const items = (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return items.length > 0 ? items : null;
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
    directory: { mode: e.DIRECTORY, seed: e.DIRECTORY_SEED },
    recordCacheSize: e.RECORD_CACHE_SIZE,
    auth: {
      jwtSecret: e.AUTH_JWT_SECRET ?? DEVELOPMENT_JWT_SECRET,
      clockToleranceS: e.AUTH_CLOCK_TOLERANCE_S,
      usingDevelopmentSecret: !e.AUTH_JWT_SECRET,
      jwksUrl: e.AUTH_JWKS_URL ?? null,
      issuer: list(e.AUTH_ISSUER),
      audience: list(e.AUTH_AUDIENCE),
      failureLimit: e.AUTH_FAILURE_LIMIT,
      failureWindowS: e.AUTH_FAILURE_WINDOW_S,
      tokenCacheSize: e.AUTH_TOKEN_CACHE_SIZE,
    },
    graphql: {
      maxDepth: e.GRAPHQL_MAX_DEPTH,
      maxAliases: e.GRAPHQL_MAX_ALIASES,
      maxCost: e.GRAPHQL_MAX_COST,
      maxTokens: e.GRAPHQL_MAX_TOKENS,
      maxDirectives: e.GRAPHQL_MAX_DIRECTIVES,
      // a production schema is not advertised unless asked for
      introspection: e.GRAPHQL_INTROSPECTION ?? e.NODE_ENV !== 'production',
      suggestions: e.GRAPHQL_SUGGESTIONS ?? e.NODE_ENV !== 'production',
      maxPayloadBytes: e.MAX_PAYLOAD_BYTES,
    },
    trustProxy: e.TRUST_PROXY ?? null,
    logLevel: e.LOG_LEVEL,
    graphiql: e.GRAPHIQL,
    maxBodyBytes: e.MAX_BODY_BYTES,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    tracing: { endpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT ?? null, serviceName: e.OTEL_SERVICE_NAME, batchDelayMs: e.OTEL_BSP_SCHEDULE_DELAY },
    webhooks: {
      allowedHosts: e.WEBHOOK_ALLOWED_HOSTS.split(',').map((h) => h.trim()).filter(Boolean),
      pollMs: e.WEBHOOK_POLL_MS,
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      retryBaseMs: e.WEBHOOK_RETRY_BASE_MS,
      retryMaxMs: e.WEBHOOK_RETRY_MAX_MS,
      legacyHeaders: e.WEBHOOK_LEGACY_HEADERS,
      eventSource: e.CLOUDEVENTS_SOURCE,
      batchSize: 100,
    },
    calendarPollMs: e.CALENDAR_POLL_MS,
    workers: e.WORKERS === 'auto' ? Math.max(1, os.availableParallelism()) : e.WORKERS,
    stream: {
      pollMs: e.STREAM_POLL_MS,
      maxBuffer: e.STREAM_MAX_BUFFER,
      maxSocketBacklog: e.STREAM_MAX_SOCKET_BACKLOG_BYTES,
      maxSubscriptions: e.STREAM_MAX_SUBSCRIPTIONS,
      pingMs: e.WS_PING_MS,
    },
    timers: {
      enabled: e.TIMER_WORKER,
      pollMs: e.TIMER_POLL_MS,
      batchSize: e.TIMER_BATCH_SIZE,
      concurrency: e.TIMER_CONCURRENCY,
    },
  });
}
