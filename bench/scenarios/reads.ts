/**
 * Reads over a big table: keyset pagination of `workflows(filter, first: 20, after)` page by
 * page (the office with a unit filter; a department, whose visibility rule adds an OR of three
 * conditions), the plans of those exact queries, and `workflow(id)` with its history under load.
 */
import { decodeCursor } from '../../src/graphql/cursor';
import type { Actor } from '../../machines/definition';
import { GET, gql, graphqlBody, issueLetters, LIST, people, tokenFor } from '../lib/graphql';
import { assertClean, runLoad } from '../lib/load';
import { withClient } from '../lib/postgres';
import { monitor, type Usage } from '../lib/procstat';
import type { Scenario, ScenarioResult } from '../lib/scenario';
import { fixed, summarise, type Latency } from '../lib/stats';
import { explain, listQuery, seedWorkflows, type PlanSummary } from './reads-seed';
import { loadTable } from './transitions';

interface Walk {
  pages: number;
  rows: number;
  latencyMs: Latency;
  firstPageMs: number;
  lastPageMs: number;
  lastCursor: string | null;
  usage: Usage;
}

/** Follows endCursor page after page, timing each, bounded by pages and by time. */
async function walk(
  url: string,
  token: string,
  filter: Record<string, unknown>,
  limits: { maxPages: number; maxMs: number; serverPid: number; postmasterPid: number | null },
): Promise<Walk> {
  const { maxPages, maxMs } = limits;
  const usage = monitor(limits.serverPid, limits.postmasterPid);
  const times: number[] = [];
  let rows = 0;
  let after: string | null = null;
  let lastCursor: string | null = null;
  const deadline = performance.now() + maxMs;
  while (times.length < maxPages && performance.now() < deadline) {
    const t0 = performance.now();
    const data: any = await gql(url, token, LIST, { filter, first: 20, after });
    times.push(performance.now() - t0);
    rows += data.workflows.edges.length;
    lastCursor = after;
    after = data.workflows.pageInfo.endCursor;
    if (!data.workflows.pageInfo.hasNextPage) break;
  }
  return {
    pages: times.length,
    rows,
    latencyMs: summarise(times),
    firstPageMs: times[0],
    lastPageMs: times.at(-1)!,
    lastCursor,
    usage: await usage.stop(),
  };
}

const planCell = (p: PlanSummary) => (p.indexes.length ? `yes: ${[...new Set(p.indexes)].join(', ')}` : 'no');

export const reads: Scenario = {
  name: 'reads',
  title: 'Reads: keyset pagination over a big table, and workflow(id) with history',
  needsServer: true,
  async run({ options, server, db, log }): Promise<ScenarioResult> {
    const url = server!.url;
    const result: ScenarioResult = { tables: [], notes: [], details: [], data: {} };
    const detailCount = options.quick ? 50 : 100;
    log(`reads: ${detailCount} letters with a 5-transition history, over the API`);
    const detailIds = await issueLetters(url, detailCount, 3);
    log(`reads: inserting ${options.readRows.toLocaleString('en')} rows with SQL`);
    const { seedS, size } = await withClient(db.url, async (c) => ({
      seedS: await seedWorkflows(c, options.readRows, log),
      size: (await c.query(`SELECT pg_size_pretty(pg_total_relation_size('workflow')) AS s, count(*) AS n FROM workflow`)).rows[0],
    }));
    result.notes.push(`seeded ${options.readRows.toLocaleString('en')} rows in ${seedS.toFixed(1)} s; workflow now holds ${Number(size.n).toLocaleString('en')} rows, ${size.s} with indexes`);

    const walkers: Array<{ label: string; actor: Actor; filter: Record<string, unknown> }> = [
      { label: 'office', actor: people.office, filter: { machineId: 'supervisionLetter', status: 'ACTIVE', unit: '市住建局' } },
      { label: 'department (visibility rule)', actor: people.housing, filter: { machineId: 'supervisionLetter', status: 'ACTIVE' } },
    ];
    const walkRows: Array<Array<string | number>> = [];
    const planRows: Array<Array<string | number>> = [];
    const walks: Record<string, unknown> = {};
    for (const w of walkers) {
      log(`reads: paging as ${w.label}`);
      const token = await tokenFor(w.actor);
      // warm the server's code paths on another process's pages, so the walk meets a warm JIT but
      // none of its own rows already in PostgreSQL's buffers
      await walk(url, token, { ...w.filter, machineId: 'documentCountersign' }, {
        maxPages: options.quick ? 20 : 50,
        maxMs: 15_000,
        serverPid: server!.pid,
        postmasterPid: db.postmasterPid,
      });
      const done = await walk(url, token, w.filter, {
        maxPages: options.pages,
        maxMs: options.quick ? 15_000 : 60_000,
        serverPid: server!.pid,
        postmasterPid: db.postmasterPid,
      });
      const serverMsPerPage = done.usage.serverCpuS == null ? null : (1000 * done.usage.serverCpuS) / done.pages;
      walkRows.push([
        w.label, JSON.stringify(w.filter), done.pages, done.rows, fixed(done.latencyMs.p50, 1), fixed(done.latencyMs.p95, 1),
        fixed(done.latencyMs.max, 1), fixed(done.firstPageMs, 1), fixed(done.lastPageMs, 1), fixed(serverMsPerPage, 2),
        fixed(done.usage.postgresCpuPct, 0), fixed(done.usage.otherCpuPct, 0),
      ]);
      const plans: Record<string, PlanSummary> = {};
      const pages: Array<[string, string | null]> = [['page 1', null], [`page ${done.pages}`, done.lastCursor]];
      for (const [page, cursor] of pages) {
        try {
          const query = await listQuery(w.filter as never, 20, cursor ? decodeCursor(cursor) : null, w.actor);
          const plan = await withClient(db.url, (c) => explain(c, query));
          plans[page] = plan;
          planRows.push([w.label, page, planCell(plan), plan.seqScan ? 'yes' : 'no', fixed(plan.planningMs, 2), fixed(plan.executionMs, 2)]);
          result.details.push({ title: `EXPLAIN (ANALYZE, BUFFERS): ${w.label}, ${page}`, text: plan.lines.slice(0, 14).join('\n') });
        } catch (error) {
          result.notes.push(`could not reproduce the list query for ${w.label}: ${(error as Error).message}`);
        }
      }
      walks[w.label] = { filter: w.filter, ...done, plans };
    }
    result.tables.push({
      title: `Keyset pagination, first: 20, sequential pages (one client)`,
      columns: ['reader', 'filter', 'pages', 'rows', 'p50 ms', 'p95 ms', 'max ms', 'first page ms', 'last page ms', 'server CPU ms/page', 'PG CPU %', 'other CPU %'],
      rows: walkRows,
    });
    result.tables.push({ title: 'Plans of the list query (EXPLAIN ANALYZE, second run on one connection)', columns: ['reader', 'page', 'index used', 'seq scan', 'planning ms', 'execution ms'], rows: planRows });

    log(`reads: workflow(id) with history, 8 connections, ${options.durationS} s`);
    const token = await tokenFor(people.office);
    const detail = await runLoad({
      url,
      token,
      connections: 8,
      durationS: options.durationS,
      bodyFor: () => () => graphqlBody(GET, { id: detailIds[Math.floor(Math.random() * detailIds.length)] }),
      serverPid: server!.pid,
      postmasterPid: db.postmasterPid,
    });
    const problem = assertClean(detail, 'workflow(id)');
    if (problem) result.notes.push(problem);
    result.tables.push(loadTable(`workflow(id) with history (5 transitions), availableEvents, deadlines; ${detailIds.length} workflows`, [detail]));
    result.data = { seededRows: options.readRows, seedS, walks, detail };
    return result;
  },
};
