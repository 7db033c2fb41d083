/**
 * The office's everyday reads over the big table (seeded by reads-seed.ts, 30 % open): the wall
 * (alertSummary with its cells) for the office and a department, myTasks for a leader named on
 * every item, unitStatistics for a year, and a first list page for the office and a department.
 * Each is timed over real HTTP, one client, request after request; beside it the statement the
 * server runs, run directly with node-pg (the baseline: what the database alone takes), and for
 * the three reads that used to read the table, the statement they ran before the kept counts.
 */
import type { Client } from 'pg';
import type { Actor } from '../../machines/definition';
import { readerScope } from '../../src/engine/visibility';
import { unitStatisticsDirectStatement, unitStatisticsStatement } from '../../src/persistence/admin-queries.sql';
import { sqlParams } from '../../src/persistence/sql-params';
import { alertCellsStatement, listTasksStatement } from '../../src/persistence/task-queries.sql';
import { visibilitySql } from '../../src/persistence/visibility.sql';
import { levelSql } from '../../src/persistence/workflow-queries.sql';
import { WORKFLOW_COLUMNS } from '../../src/persistence/workflow-store.sql';
import { gql, LIST, letterInput, people, START, tokenFor } from '../lib/graphql';
import { withClient } from '../lib/postgres';
import { cpuSeconds } from '../lib/procstat';
import type { Scenario, ScenarioResult } from '../lib/scenario';
import { fixed, summarise, type Latency } from '../lib/stats';
import { explain, listQuery, seedWorkflows } from './reads-seed';

const leader: Actor = { id: 'vm-li', name: '李副市长', roles: ['VICE_MAYOR'], unit: '市政府' };

const WALL = `{ alertSummary { total blue yellow red byUnit { unit total red } byMachine { machineId total }
  cells { unit machineId total blue yellow red flagged } cursor } }`;
const TASKS = `{ myTasks(first: 50) { mustAct escalated workflow { id title alertLevel deadline } } }`;
const STATS = `query($from: String!, $to: String!) { unitStatistics(from: $from, to: $to) {
  unit received answered answeredOnTime late overdueNow avgDaysToFeedback countersignAvgHours } }`;

type Statement = { text: string; values: unknown[] };

/** The wall before the kept counts: every open item the reader may read, its level now, grouped three ways. */
function wallBefore(actor: Actor): Statement {
  const { values, param } = sqlParams(new Date());
  const open = `WITH open AS (SELECT machine_id, units[1] AS unit, ${levelSql('$1::timestamptz')} AS level
    FROM workflow WHERE status = 'ACTIVE' AND ${visibilitySql(readerScope(actor), param)})`;
  const counts = `count(*) AS total, count(*) FILTER (WHERE level = 'RED') AS red`;
  return {
    text: `${open} SELECT (SELECT json_agg(u) FROM (SELECT unit, ${counts} FROM open GROUP BY unit) u) AS by_unit,
      (SELECT json_agg(m) FROM (SELECT machine_id, ${counts} FROM open GROUP BY machine_id) m) AS by_machine,
      (SELECT row_to_json(a) FROM (SELECT ${counts} FROM open) a) AS total`,
    values,
  };
}

/** myTasks before workflow_task: every open item awaiting the reader, sorted. */
function tasksBefore(actor: Actor): Statement {
  const scope = readerScope(actor);
  const { values, param } = sqlParams(scope.tokens);
  return {
    text: `SELECT ${WORKFLOW_COLUMNS} FROM workflow WHERE status = 'ACTIVE' AND (awaiting && $1::text[] OR escalated_to && $1::text[])
      AND ${visibilitySql(scope, param)} ORDER BY deadline ASC NULLS LAST, created_at, id LIMIT 50`,
    values,
  };
}

/** A year ending today, as unitStatistics takes it, and as the statement's instants. */
function year() {
  const day = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const to = day(new Date());
  const from = day(new Date(Date.now() - 364 * 86_400_000));
  const midnight = (d: string) => new Date(`${d}T00:00:00+08:00`);
  return { from, to, query: { from: midnight(from), to: new Date(midnight(to).getTime() + 86_400_000), now: new Date(), machineId: null } };
}

const WARM_REQUESTS = 30;

/** Latencies of the timed requests, and the server's CPU per request over them (from /proc). */
async function timeHttp(
  url: string,
  serverPid: number,
  token: string,
  query: string,
  variables: Record<string, unknown>,
  n: number,
  maxMs: number,
): Promise<Latency & { serverCpuMs: number | null }> {
  // warm: the statement prepared on every pooled connection, and the read's code compiled by the
  // JIT, as in a server that has been answering it all day (the first requests of a fresh
  // process run interpreted code and dominated the p95 of a hundred)
  for (let i = 0; i < WARM_REQUESTS; i++) await gql(url, token, query, variables);
  const times: number[] = [];
  const cpu0 = cpuSeconds(serverPid);
  const deadline = performance.now() + maxMs;
  while (times.length < n && performance.now() < deadline) {
    const t0 = performance.now();
    await gql(url, token, query, variables);
    times.push(performance.now() - t0);
  }
  const cpu1 = cpuSeconds(serverPid);
  return { ...summarise(times), serverCpuMs: cpu0 == null || cpu1 == null ? null : (1000 * (cpu1 - cpu0)) / times.length };
}

async function timeSql(client: Client, statement: Statement, n: number, maxMs: number): Promise<Latency> {
  await client.query(statement.text, statement.values);
  const times: number[] = [];
  const deadline = performance.now() + maxMs;
  while (times.length < n && performance.now() < deadline) {
    const t0 = performance.now();
    await client.query(statement.text, statement.values);
    times.push(performance.now() - t0);
  }
  return summarise(times);
}

export const officeReads: Scenario = {
  name: 'office-reads',
  title: 'The office’s everyday reads over a big table: the wall, tasks, statistics, a list page',
  needsServer: true,
  async run({ options, server, db, log }): Promise<ScenarioResult> {
    const url = server!.url;
    const result: ScenarioResult = { tables: [], notes: [], details: [], data: {} };
    const n = options.quick ? 30 : 300; // bounded by maxMs too: the slow reads get fewer
    const maxMs = options.quick ? 10_000 : 30_000;
    // the reads scenario seeds the table when it runs first; alone, this one seeds it
    const seeded = await withClient(db.url, async (c) => Number((await c.query(`SELECT count(*) AS n FROM workflow WHERE title LIKE '督办事项 #%'`)).rows[0].n));
    if (seeded < options.readRows) {
      log(`office-reads: ${seeded.toLocaleString('en')} seeded rows; inserting ${options.readRows.toLocaleString('en')} with SQL`);
      await gql(url, await tokenFor(people.office), START, { input: { machineId: 'supervisionLetter', input: letterInput() } });
      const s = await withClient(db.url, (c) => seedWorkflows(c, options.readRows, log));
      result.notes.push(`seeded ${options.readRows.toLocaleString('en')} rows in ${s.toFixed(1)} s (count triggers off, counts filled after)`);
    }
    const sizes = await withClient(db.url, async (c) => (await c.query(`SELECT count(*) AS n, count(*) FILTER (WHERE status = 'ACTIVE') AS open,
      pg_size_pretty(pg_total_relation_size('workflow')) AS size, (SELECT count(*) FROM workflow_alert_count) AS counters,
      (SELECT count(*) FROM workflow_day_count) AS days, (SELECT count(*) FROM workflow_task) AS tasks FROM workflow`)).rows[0]);
    result.notes.push(`workflow: ${Number(sizes.n).toLocaleString('en')} rows (${Number(sizes.open).toLocaleString('en')} open), ${sizes.size}; ` +
      `kept counts: ${sizes.counters} wall rows, ${sizes.days} day rows, ${Number(sizes.tasks).toLocaleString('en')} task rows`);

    const y = year();
    const reads: Array<{ label: string; who: Actor; query: string; variables: Record<string, unknown>; now: Statement; before?: Statement }> = [
      { label: 'alertSummary, office', who: people.office, query: WALL, variables: {}, now: alertCellsStatement({}, readerScope(people.office)), before: wallBefore(people.office) },
      { label: 'alertSummary, department', who: people.housing, query: WALL, variables: {}, now: alertCellsStatement({}, readerScope(people.housing)), before: wallBefore(people.housing) },
      { label: 'myTasks, leader named on every item', who: leader, query: TASKS, variables: {}, now: listTasksStatement(readerScope(leader), 50), before: tasksBefore(leader) },
      { label: `unitStatistics ${y.from} – ${y.to}`, who: people.office, query: STATS, variables: { from: y.from, to: y.to },
        now: unitStatisticsStatement(y.query, readerScope(people.office)), before: unitStatisticsDirectStatement(y.query, readerScope(people.office)) },
      { label: 'list page 1, office (open letters)', who: people.office, query: LIST, variables: { filter: { machineId: 'supervisionLetter', status: 'ACTIVE' }, first: 20 },
        now: await listQuery({ machineId: 'supervisionLetter', status: 'ACTIVE' }, 20, null, people.office) },
      { label: 'list page 1, department', who: people.housing, query: LIST, variables: { filter: { machineId: 'supervisionLetter', status: 'ACTIVE' }, first: 20 },
        now: await listQuery({ machineId: 'supervisionLetter', status: 'ACTIVE' }, 20, null, people.housing) },
    ];
    const rows: Array<Array<string | number>> = [];
    const data: Record<string, unknown> = {};
    for (const r of reads) {
      log(`office-reads: ${r.label}`);
      const http = await timeHttp(url, server!.pid, await tokenFor(r.who), r.query, r.variables, n, maxMs);
      const { sql, before, plan } = await withClient(db.url, async (c) => ({
        sql: await timeSql(c, r.now, n, maxMs),
        // the statement before the kept counts is slow by design: a few runs are enough
        before: r.before ? await timeSql(c, r.before, options.quick ? 3 : 5, maxMs) : null,
        plan: await explain(c, r.now),
      }));
      rows.push([r.label, fixed(http.p50, 1), fixed(http.p95, 1), fixed(http.serverCpuMs, 2), fixed(sql.p50, 1), fixed(sql.p95, 1), before ? fixed(before.p50, 0) : '–']);
      result.details.push({ title: `EXPLAIN (ANALYZE, BUFFERS): ${r.label}`, text: plan.lines.slice(0, 40).join('\n') });
      data[r.label] = { http, sql, before };
    }
    result.tables.push({
      title: `Everyday reads, one client, sequential (${Number(sizes.n).toLocaleString('en')} workflows)`,
      columns: ['read', 'HTTP p50 ms', 'HTTP p95 ms', 'server CPU ms/request', 'its SQL p50 ms', 'its SQL p95 ms', 'SQL before the kept counts, p50 ms'],
      rows,
    });
    result.data = { sizes, reads: data };
    return result;
  },
};
