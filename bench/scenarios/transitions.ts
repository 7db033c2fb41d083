/**
 * sendEvent over real HTTP at 1, 8 and 32 connections, spread over the issued letters (URGE by
 * the office: accepted again and again in awaitingFeedback, so every request is a real, durable
 * transition), then the same statements without the engine (pgbench, and node-pg), and the ratio.
 */
import type { Database } from '../lib/postgres';
import { graphqlBody, people, SEND, tokenFor } from '../lib/graphql';
import { assertClean, runLoad, type LoadRun } from '../lib/load';
import type { BenchContext, Scenario, ScenarioResult, Table } from '../lib/scenario';
import { fixed } from '../lib/stats';
import { numberWorkflows, sliceFor, transitionTemplate, type BaselineRun } from './baseline';
import { runNodeBaseline } from './baseline-node';
import { findPgbench, pgbenchScript, runPgbench } from './baseline-pgbench';
import { startServer } from '../lib/server';

const randomOf = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)];
const urge = (workflowId: string) => graphqlBody(SEND, { input: { workflowId, type: 'URGE', payload: {} } });

export const usageColumns = ['server CPU %', 'PG CPU %', 'loadgen CPU %', 'other CPU %', 'server peak RSS MB'];
export const usageCells = (u: LoadRun['usage']) => [
  fixed(u.serverCpuPct, 0), fixed(u.postgresCpuPct, 0), fixed(u.loadgenCpuPct, 0), fixed(u.otherCpuPct, 0), fixed(u.serverPeakRssMb, 0),
];

export function loadTable(title: string, runs: LoadRun[]): Table {
  return {
    title,
    columns: ['connections', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'non-2xx/err/gql-err', 'server CPU s', ...usageColumns],
    rows: runs.map((r) => [
      r.label, fixed(r.rps, 0), fixed(r.latencyMs.p50, 2), fixed(r.latencyMs.p95, 2), fixed(r.latencyMs.p99, 2),
      fixed(r.latencyMs.max, 1), `${r.non2xx}/${r.errors}/${r.graphqlErrors}`, fixed(r.usage.serverCpuS, 1), ...usageCells(r.usage),
    ]),
  };
}

type Details = ScenarioResult['details'];

async function baselines(ctx: BenchContext, db: Database, ids: string[]): Promise<{ runs: BaselineRun[]; notes: string[]; details: Details }> {
  const runs: BaselineRun[] = [];
  const notes: string[] = [];
  const details: Details = [];
  await numberWorkflows(db, ids);
  const template = await transitionTemplate(db, ids[0]);
  const pgbench = findPgbench();
  if (!pgbench) notes.push('pgbench not found on PATH or in /usr/lib/postgresql/*/bin: node-pg baseline only');
  const durationS = ctx.options.durationS;
  for (const clients of ctx.options.connections) {
    if (pgbench) {
      for (const statements of ['write', 'read + write'] as const) {
        ctx.log(`baseline: pgbench (${statements}), ${clients} clients, ${durationS} s`);
        try {
          runs.push(await runPgbench({ pgbench, db, template, workflows: ids.length, clients, durationS, statements }));
        } catch (error) {
          notes.push(`pgbench (${statements}) at ${clients} clients failed: ${(error as Error).message.slice(0, 300)}`);
        }
      }
    }
    ctx.log(`baseline: node-pg (write), ${clients} clients, ${durationS} s`);
    runs.push(await runNodeBaseline({ db, template, ids, clients, durationS, statements: 'write' }));
  }
  if (pgbench) {
    for (const statements of ['write', 'read + write'] as const) {
      const { script } = pgbenchScript(template, statements);
      details.push({
        title: `pgbench script, ${statements} (the write captured from PgWorkflowStore.apply; -D pN=… carry its parameters)`,
        text: script.trim(),
      });
    }
  }
  for (const r of runs) {
    if (r.failures) notes.push(`${r.tool} (${r.statements}) at ${r.clients} clients: ${r.failures} failed transactions; first: ${r.errorSample ?? '?'}`);
  }
  return { runs, notes, details };
}

export const transitions: Scenario = {
  name: 'transitions',
  title: 'Transitions: sendEvent (URGE) over HTTP vs the same SQL without the engine',
  needsServer: true,
  async run(ctx): Promise<ScenarioResult> {
    const { options, server, db } = ctx;
    const ids = await ctx.letters();
    const token = await tokenFor(people.office);
    const spec = { url: server!.url, token, serverPid: server!.pid, postmasterPid: db.postmasterPid };
    // each connection sends to its own workflows in turn: no two requests in flight meet
    const ownSlice = (connections: number) => (k: number) => {
      const mine = sliceFor(ids, k, connections);
      let next = 0;
      return () => urge(mine[next++ % mine.length]);
    };
    const notes: string[] = [];
    ctx.log(`transitions: warm-up, 8 connections, ${options.warmupS} s`);
    const warm = await runLoad({ ...spec, connections: 8, durationS: options.warmupS, bodyFor: ownSlice(8) });
    const warmProblem = assertClean(warm, 'warm-up');
    if (warmProblem) notes.push(warmProblem);
    const runs: LoadRun[] = [];
    for (const connections of options.connections) {
      ctx.log(`transitions: ${connections} connections, ${options.durationS} s`);
      const run = await runLoad({ ...spec, connections, durationS: options.durationS, bodyFor: ownSlice(connections) });
      runs.push(run);
    }
    // and once with every connection picking any workflow at random: concurrent sends to the same
    // workflow then meet, and the loser is decided again under a row lock (engine.send)
    const most = Math.max(...options.connections);
    ctx.log(`transitions: ${most} connections, shared random workflows, ${options.durationS} s`);
    const shared = await runLoad({ ...spec, connections: most, durationS: options.durationS, label: `${most}, shared ids`, bodyFor: () => () => urge(randomOf(ids)) });
    for (const run of [...runs, shared]) {
      const problem = assertClean(run, 'sendEvent');
      if (problem) notes.push(problem);
    }
    const byWorkers = await workerRuns(ctx, ids, token, ownSlice);
    for (const run of byWorkers) {
      const problem = assertClean(run, 'sendEvent');
      if (problem) notes.push(problem);
    }
    const base = await baselines(ctx, db, ids);
    notes.push(...base.notes);
    const of = (tool: string, statements: string, c: number) =>
      base.runs.find((r) => r.tool === tool && r.statements === statements && r.clients === c);
    const ratio = (a: number, b?: BaselineRun) => (b && b.tps > 0 ? `${fixed(a / b.tps, 2)}×` : "–");
    const tables: Table[] = [
      loadTable(`Engine: sendEvent over HTTP, ${ids.length} workflows (own slice per connection), ${options.durationS} s per run`, [...runs, shared]),
      ...(byWorkers.length ? [workersTable(runs, byWorkers)] : []),
      {
        title: 'Baseline: the engine\'s statements per transition without the engine: the write (one statement of CTEs), and the read before it',
        columns: ['tool', 'statements', 'clients', 'tps', 'p50 ms', 'p95 ms', 'p99 ms', 'failed', 'stale', 'PG CPU %', 'loadgen CPU %', 'other CPU %'],
        rows: base.runs.map((r) => [
          r.tool, r.statements, r.clients, fixed(r.tps, 0), fixed(r.latencyMs.p50, 2), fixed(r.latencyMs.p95, 2), fixed(r.latencyMs.p99, 2),
          r.failures, r.stale ?? '–', fixed(r.usage.postgresCpuPct, 0), fixed(r.usage.loadgenCpuPct, 0), fixed(r.usage.otherCpuPct, 0),
        ]),
      },
      {
        title: 'Ratio engine ÷ baseline (throughput); the engine sends the write alone, so "write" is the same SQL',
        columns: [
          'connections', 'engine req/s', 'pgbench write tps', 'engine ÷ pgbench write', 'pgbench read + write tps',
          'engine ÷ pgbench read + write', 'node-pg write tps', 'engine ÷ node-pg write',
        ],
        rows: runs.map((r) => {
          const write = of('pgbench', 'write', r.connections);
          const readWrite = of('pgbench', 'read + write', r.connections);
          const node = of('node-pg', 'write', r.connections);
          return [
            r.connections, fixed(r.rps, 0), fixed(write?.tps, 0), ratio(r.rps, write), fixed(readWrite?.tps, 0),
            ratio(r.rps, readWrite), fixed(node?.tps, 0), ratio(r.rps, node),
          ];
        }),
      },
    ];
    notes.push('engine and baselines alike: each connection or client works on its own slice of the workflows, except the "shared ids" run');
    return { tables, notes, details: base.details, data: { workflows: ids.length, warmUp: warm, engine: runs, engineSharedIds: shared, engineByWorkers: byWorkers, baselines: base.runs } };
  },
};

/**
 * The same load on a server of WORKERS > 1 processes (src/cluster.ts), started on the same
 * database after the single-process runs: 8 and 32 connections each, with every process's CPU.
 */
async function workerRuns(
  ctx: BenchContext,
  ids: string[],
  token: string,
  ownSlice: (connections: number) => (k: number) => () => string,
): Promise<LoadRun[]> {
  const runs: LoadRun[] = [];
  for (const workers of ctx.options.workers.filter((w) => w > 1)) {
    ctx.log(`transitions: a server of WORKERS=${workers}`);
    // every worker listening before the load connects, or the first one gets all the connections
    const server = await startServer({ databaseUrl: ctx.db.url, profileDir: null, env: { WORKERS: String(workers), LOG_LEVEL: 'info' }, awaitReadyLog: true });
    try {
      const spec = { url: server.url, token, serverPid: server.pid, postmasterPid: ctx.db.postmasterPid };
      // each process fills its own record cache on its first requests
      await runLoad({ ...spec, connections: 8, durationS: ctx.options.warmupS, bodyFor: ownSlice(8) });
      for (const connections of ctx.options.connections.filter((c) => c > 1)) {
        ctx.log(`transitions: WORKERS=${workers}, ${connections} connections, ${ctx.options.durationS} s`);
        runs.push(await runLoad({ ...spec, connections, durationS: ctx.options.durationS, label: `${connections}, WORKERS=${workers}`, bodyFor: ownSlice(connections) }));
      }
    } finally {
      await server.stop();
    }
  }
  return runs;
}

function workersTable(single: LoadRun[], multi: LoadRun[]): Table {
  const row = (r: LoadRun, workers: string) => [
    r.label, workers, fixed(r.rps, 0), fixed(r.latencyMs.p99, 2), fixed(r.usage.serverCpuPct, 0),
    r.usage.serverProcesses.length > 1 ? r.usage.serverProcesses.map((p) => fixed(p.cpuPct, 0)).join(' + ') : fixed(r.usage.serverCpuPct, 0),
    fixed(r.usage.serverCpuS == null ? null : (1000 * r.usage.serverCpuS) / r.requests, 2),
    fixed(r.usage.postgresCpuPct, 0), fixed(r.usage.otherCpuPct, 0),
  ];
  return {
    title: 'WORKERS: the same load on one server process and on several (primary + workers), the same database and run',
    columns: ['connections', 'WORKERS', 'req/s', 'p99 ms', 'server CPU %', 'per process CPU % (primary + workers)', 'server CPU ms/req', 'PG CPU %', 'other CPU %'],
    rows: [...single.filter((r) => r.connections > 1).map((r) => row(r, '1')), ...multi.map((r) => row(r, r.label.split('=')[1]))],
  };
}
