/** A real server on a real port, on the test file's own database. */
import pino from 'pino';
import { mintToken } from '../../src/auth/authenticator';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { Actor } from '../../machines/definition';
import type { Clock } from '../../src/kernel/clock';
import { RunningClock, SUITE_DAY } from './clock';
import { createTestDatabase, type TestDatabase } from './database';
import { TEST_JWT_SECRET } from './env';

export interface TestApp {
  app: App;
  db: TestDatabase;
  url: string;
  /** The clock the server runs on: the test's own, or one running from SUITE_DAY. */
  clock: Clock;
  stop(): Promise<void>;
}

export function testConfig(overrides: Record<string, string> = {}) {
  return loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'silent',
    DB_POOL_SIZE: '8',
    // tests fire timers with app.timers.runDue() after moving their clock; timer tests turn it on
    TIMER_WORKER: 'false',
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1,localhost',
    WEBHOOK_POLL_MS: '50',
    WEBHOOK_RETRY_BASE_MS: '100',
    WEBHOOK_RETRY_MAX_MS: '400',
    ...overrides,
  });
}

export async function startTestApp(options: { clock?: Clock; config?: Record<string, string> } = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = testConfig(options.config);
  const clock = options.clock ?? new RunningClock(SUITE_DAY);
  const app = await createApp({ config, logger: pino({ level: 'silent' }), databaseUrl: db.url, clock });
  return {
    app,
    db,
    url: app.url,
    clock,
    stop: async () => {
      await app.close();
      await db.drop();
    },
  };
}

export const tokenFor = (who: Actor, expiresIn = '1h') => mintToken(TEST_JWT_SECRET, who, expiresIn);

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; extensions: Record<string, any> }>;
}

/** POSTs a GraphQL request over HTTP, as a client would. */
export async function gql<T = any>(
  url: string,
  token: string | null,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GraphQLResponse<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: T; errors?: GraphQLResponse['errors'] };
  return { status: res.status, data: body.data ?? undefined, errors: body.errors };
}

/**
 * Any request, as a client library would not send it; the answer's body as text, and as JSON
 * when it parses (null otherwise, for the caller to judge the text).
 */
export async function rawRequest(url: string, init: RequestInit): Promise<{ status: number; text: string; json: any }> {
  const res = await fetch(url, init);
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: the text says what came back
  }
  return { status: res.status, text, json };
}

/** The first error's code, or null. */
export const codeOf = (res: GraphQLResponse) => res.errors?.[0]?.extensions?.code ?? null;
