/**
 * What the two baselines share. A baseline runs the statements the engine runs per transition
 * with no HTTP, GraphQL, auth or XState: the floor the database sets on this machine, measured in
 * the same run as the engine so both see the same disk and CPU. The engine's statements: one
 * statement of data-modifying CTEs (`workflow-apply-transition`: update with the version check,
 * history, outbox, timers) when it holds the workflow's latest record, as it does for every
 * workflow in the benchmark once each was touched; a read of the workflow (`workflow-select`)
 * before it otherwise. Both are measured: `write` and `read + write`.
 *
 * The write is not written out here: it is captured from the engine's own code (computeEvent
 * decides an URGE, PgWorkflowStore.apply builds the statement and its parameters), so the
 * baselines follow the engine when its SQL changes. Every transaction then sends that statement
 * with its own workflow id and expected version, writing the same-sized snapshot.
 */
import { findDefinition, type Actor } from '../../machines';
import { CalendarProvider } from '../../src/calendar/provider';
import { openSql } from '../../src/db/sql';
import { computeEvent } from '../../src/engine/step';
import { selectWorkflow } from '../../src/persistence/workflow-store.sql';
import { PgWorkflowStore } from '../../src/persistence/workflow-store';
import type { Database } from '../lib/postgres';
import { withClient } from '../lib/postgres';
import type { Usage } from '../lib/procstat';
import type { Latency } from '../lib/stats';

/** What a baseline transaction sends: the write alone, or the read and then the write. */
export type BaselineStatements = 'write' | 'read + write';

export interface BaselineRun {
  tool: 'pgbench' | 'node-pg';
  statements: BaselineStatements;
  clients: number;
  durationS: number;
  transactions: number;
  tps: number;
  latencyMs: Latency;
  /** statements that failed (the run's figures are then suspect) */
  failures: number;
  /** version-checked updates that found a newer version (the engine would retry under a lock) */
  stale: number | null;
  errorSample: string | null;
  usage: Usage;
}

/** The statements of one transition, with the positions of the parameters that vary. */
export interface TransitionTemplate {
  select: { name: string; text: string };
  apply: { name: string; text: string; values: unknown[] };
  /** 1-based positions of `WHERE id = $i AND version = $v` in the write */
  idParam: number;
  versionParam: number;
}

/** The actor and event the HTTP load sends: URGE by the office. */
export const URGE_ACTOR: Actor = { id: 'office-wang', name: '王督查', roles: ['OFFICE'], unit: '市政府办公室' };

export async function transitionTemplate(db: Database, workflowId: string): Promise<TransitionTemplate> {
  const sql = openSql({ url: db.url, poolSize: 1 });
  try {
    const record = await new PgWorkflowStore(sql).load(workflowId);
    if (!record) throw new Error(`no workflow ${workflowId}`);
    const definition = findDefinition(record.machineId, record.machineVersion)!;
    const ctx = { now: new Date(), calendar: new CalendarProvider() };
    const change = computeEvent(definition, record, { type: 'URGE', payload: {}, actor: URGE_ACTOR }, null, ctx);
    let apply: TransitionTemplate['apply'] | null = null;
    const recorder = {
      query: async (statement: { name: string; text: string }, values: unknown[]) => {
        apply = { name: statement.name, text: statement.text, values };
        return { rowCount: 1, rows: [] };
      },
    };
    await new PgWorkflowStore(recorder as never).apply(change);
    const captured = apply as TransitionTemplate['apply'] | null;
    const check = captured && /WHERE id = \$(\d+) AND version = \$(\d+)/.exec(captured.text);
    if (!captured || !check) throw new Error('could not find the version-checked write in PgWorkflowStore.apply');
    return { select: selectWorkflow, apply: captured, idParam: Number(check[1]), versionParam: Number(check[2]) };
  } finally {
    await sql.end();
  }
}

/** The write's parameters for another workflow at another version. */
export function applyValues(t: TransitionTemplate, id: string, version: number): unknown[] {
  const values = [...t.apply.values];
  values[t.idParam - 1] = id;
  values[t.versionParam - 1] = version;
  return values;
}

/**
 * bench_ids numbers the seeded workflows 1..n, so pgbench (which has random integers but no
 * arrays) can pick a workflow id with a primary-key lookup inside its first statement.
 */
export async function numberWorkflows(db: Database, ids: readonly string[]): Promise<void> {
  await withClient(db.url, async (c) => {
    await c.query('DROP TABLE IF EXISTS bench_ids');
    await c.query('CREATE TABLE bench_ids (n integer PRIMARY KEY, id uuid NOT NULL)');
    await c.query('INSERT INTO bench_ids SELECT n, id FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, n)', [ids]);
    await c.query('ANALYZE bench_ids');
  });
}

/**
 * The workflows of connection k of n: every n-th id from k. Disjoint slices mean no two
 * requests in flight touch the same workflow, so runs measure the engine's ordinary path (a
 * version-checked write) rather than lock waits and retries, which a run with shared ids shows
 * separately.
 */
export const sliceFor = <T>(ids: readonly T[], k: number, n: number): T[] => ids.filter((_, i) => i % n === k);
