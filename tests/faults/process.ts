/**
 * For fault tests: the real server as a child process (`node dist/src/main.js`, as `npm start`
 * runs it), a bounded concurrent load that records every acknowledged transition, and the
 * database invariants that must hold afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { TEST_JWT_SECRET } from '../helpers/env';
import { freePort } from '../../src/db/throwaway';

export { freePort };

export const MAIN = path.join(__dirname, '../../dist/src/main.js');

export function assertBuilt(): void {
  if (!existsSync(MAIN)) throw new Error('run `npm run build` first (npm test does)');
}


export interface Running {
  child: ChildProcess;
  url: string;
  logs: string[];
  /** resolves with the exit code (or the signal name) */
  exited: Promise<number | string | null>;
  readonly alive: boolean;
}

/** Starts main.js on `databaseUrl` and waits for its "ready" log line. */
export async function startMain(databaseUrl: string, env: Record<string, string> = {}): Promise<Running> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      LOG_LEVEL: 'info',
      NODE_ENV: 'test',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  let alive = true;
  const exited = new Promise<number | string | null>((resolve) =>
    child.on('exit', (code, signal) => {
      alive = false;
      resolve(code ?? signal);
    }),
  );
  child.stdout!.on('data', (c: Buffer) => logs.push(c.toString()));
  child.stderr!.on('data', (c: Buffer) => logs.push(c.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "ready" within 30 s:\n${logs.join('')}`)), 30_000);
    const check = () => {
      if (logs.join('').includes('"msg":"ready"')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${logs.join('')}`));
    });
  });
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    logs,
    exited,
    get alive() {
      return alive;
    },
  };
}

export async function stopMain(running: Running | undefined): Promise<void> {
  if (!running?.alive) return;
  running.child.kill('SIGTERM');
  const timeout = new Promise((r) => setTimeout(r, 15_000).unref());
  await Promise.race([running.exited, timeout]);
  if (running.alive) running.child.kill('SIGKILL');
}

export interface Outcome {
  /** HTTP status, or 0 when the request failed at the socket (connection reset or refused) */
  status: number;
  ms: number;
  data?: any;
  codes: string[];
  body?: string;
}

/** A POST /graphql that never throws: a socket failure is status 0. */
export async function post(
  url: string,
  token: string | null,
  query: string,
  variables?: Record<string, unknown>,
  timeoutMs = 30_000,
): Promise<Outcome> {
  const started = Date.now();
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  try {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = await res.text();
    let parsed: { data?: any; errors?: Array<{ extensions?: { code?: string } }> } = {};
    try {
      parsed = JSON.parse(body);
    } catch {
      // not JSON: reported through `body`
    }
    return {
      status: res.status,
      ms: Date.now() - started,
      data: parsed.data ?? undefined,
      codes: (parsed.errors ?? []).map((e) => e.extensions?.code ?? 'NO_CODE'),
      body,
    };
  } catch {
    return { status: 0, ms: Date.now() - started, codes: [] };
  }
}

export interface WorkflowCheck {
  workflows: number;
  transitions: number;
  problems: string[];
}

/**
 * Per workflow: history rows are 1..version without gaps, the last row's state_after is the
 * workflow's state, one outbox row per history row. A half-written transition breaks one of these.
 */
export async function checkInvariants(databaseUrl: string): Promise<WorkflowCheck> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(`
      SELECT w.id, w.version, w.state,
             (SELECT count(*)::int FROM workflow_transition t WHERE t.workflow_id = w.id) AS history,
             (SELECT max(seq) FROM workflow_transition t WHERE t.workflow_id = w.id) AS max_seq,
             (SELECT state_after FROM workflow_transition t WHERE t.workflow_id = w.id ORDER BY seq DESC LIMIT 1) AS last_state,
             (SELECT count(*)::int FROM outbox o WHERE o.workflow_id = w.id) AS outbox
      FROM workflow w`);
    const problems: string[] = [];
    let transitions = 0;
    for (const r of rows) {
      transitions += r.history;
      if (r.history !== r.version || r.max_seq !== r.version) {
        problems.push(`${r.id}: version ${r.version}, ${r.history} history rows, last seq ${r.max_seq}`);
      }
      if (r.last_state !== r.state) problems.push(`${r.id}: state ${r.state}, last history state_after ${r.last_state}`);
      if (r.outbox !== r.history) problems.push(`${r.id}: ${r.history} history rows, ${r.outbox} outbox rows`);
    }
    const orphans = await client.query(
      `SELECT count(*)::int AS n FROM workflow_transition t WHERE NOT EXISTS (SELECT 1 FROM workflow w WHERE w.id = t.workflow_id)`,
    );
    if (orphans.rows[0].n > 0) problems.push(`${orphans.rows[0].n} history rows without a workflow`);
    return { workflows: rows.length, transitions, problems };
  } finally {
    await client.end();
  }
}

/** Which of these (workflow, seq) pairs are in the history. */
export async function historyHas(databaseUrl: string, pairs: Array<{ id: string; version: number }>): Promise<number> {
  if (pairs.length === 0) return 0;
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM workflow_transition t
       JOIN unnest($1::uuid[], $2::int[]) AS a(id, seq) ON t.workflow_id = a.id AND t.seq = a.seq`,
      [pairs.map((p) => p.id), pairs.map((p) => p.version)],
    );
    return rows[0].n;
  } finally {
    await client.end();
  }
}

/**
 * How often each URGE message and each workflow title is in the database: for load whose every
 * request carries a text of its own, a retried request that applied twice (or never) shows here.
 */
export async function timesApplied(databaseUrl: string): Promise<{ urges: Map<string, number>; titles: Map<string, number> }> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const urges = await client.query(
      `SELECT payload->>'message' AS text, count(*)::int AS n FROM workflow_transition WHERE event_type = 'URGE' GROUP BY 1`,
    );
    const titles = await client.query(`SELECT title AS text, count(*)::int AS n FROM workflow GROUP BY 1`);
    const toMap = (rows: Array<{ text: string; n: number }>) => new Map(rows.map((r) => [r.text, r.n]));
    return { urges: toMap(urges.rows), titles: toMap(titles.rows) };
  } finally {
    await client.end();
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Watching a server through an outage: `readyz()` asks /readyz (0 when it cannot answer) and
 * remembers the answer; `until` polls a check and, on timeout, says what /readyz said last and
 * the server's latest log lines.
 */
export function readiness(server: () => Running | undefined, options: { pollMs: number; timeoutMs: number; logLines: number }) {
  let last = '';
  const readyz = async (): Promise<number> => {
    try {
      const res = await fetch(`${server()!.url}/readyz`, { signal: AbortSignal.timeout(10_000) });
      last = `${res.status} ${await res.text()}`;
      return res.status;
    } catch (error) {
      last = String(error);
      return 0;
    }
  };
  const until = async (check: () => Promise<boolean>, what: string, ms = options.timeoutMs): Promise<number> => {
    const started = Date.now();
    while (Date.now() - started < ms) {
      if (await check()) return Date.now() - started;
      await sleep(options.pollMs);
    }
    throw new Error(`timed out waiting for ${what}; last /readyz: ${last}; server logs:\n${server()?.logs.slice(-options.logLines).join('')}`);
  };
  return { readyz, until };
}
