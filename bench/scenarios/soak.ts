/**
 * Soak: sendEvent (URGE) at half the maximum throughput measured just before, for --soak=S
 * seconds (600 by default): the server's RSS at the start, the end and its peak, p99 per time
 * window, and nothing lost — every acknowledged transition is a history row, and no history row
 * was written that was not acknowledged. Not part of --quick: it runs in a full run, or when
 * named (`--only=soak --soak=60` checks it in a minute).
 */
import { graphqlBody, people, SEND, tokenFor } from '../lib/graphql';
import { assertClean, runLoad } from '../lib/load';
import { withClient } from '../lib/postgres';
import { treeRssMb } from '../lib/procstat';
import type { Scenario, ScenarioResult, Table } from '../lib/scenario';
import { fixed, percentile } from '../lib/stats';
import { sliceFor } from './baseline';

const CONNECTIONS = 8;

/** History rows of the letters under load. */
const historyRows = (url: string, ids: string[]) =>
  withClient(url, async (c) => {
    const { rows } = await c.query('SELECT count(*)::int AS n FROM workflow_transition WHERE workflow_id = ANY($1::uuid[])', [ids]);
    return rows[0].n as number;
  });

/** How many of the acknowledged (workflow, version) pairs have their history row (seq = version). */
const keptOf = (url: string, acks: Array<[string, number]>) =>
  withClient(url, async (c) => {
    const { rows } = await c.query(
      `SELECT count(*)::int AS n FROM unnest($1::uuid[], $2::int[]) AS a(id, v)
       JOIN workflow_transition t ON t.workflow_id = a.id AND t.seq = a.v`,
      [acks.map((a) => a[0]), acks.map((a) => a[1])],
    );
    return rows[0].n as number;
  });

export const soak: Scenario = {
  name: 'soak',
  title: 'Soak: sendEvent at half the maximum throughput, memory and p99 over time, nothing lost',
  needsServer: true,
  async run(ctx): Promise<ScenarioResult> {
    const { options, server, db } = ctx;
    const ids = await ctx.letters();
    const token = await tokenFor(people.office);
    const spec = { url: server!.url, token, serverPid: server!.pid, postmasterPid: db.postmasterPid };
    const bodyFor = (k: number) => {
      const mine = sliceFor(ids, k, CONNECTIONS);
      let next = 0;
      return () => graphqlBody(SEND, { input: { workflowId: mine[next++ % mine.length], type: 'URGE', payload: {} } });
    };
    const notes: string[] = [];
    ctx.log(`soak: the maximum first, ${CONNECTIONS} connections, ${options.durationS} s`);
    const max = await runLoad({ ...spec, connections: CONNECTIONS, durationS: options.durationS, bodyFor });
    const rate = Math.max(1, Math.floor(max.rps / 2));
    const rows0 = await historyRows(db.url, ids);
    const rss: Array<[number, number]> = [];
    const t0 = performance.now();
    const sampleRss = () => {
      const mb = treeRssMb(server!.pid);
      if (mb != null) rss.push([(performance.now() - t0) / 1000, mb]);
    };
    sampleRss();
    const poll = setInterval(sampleRss, 1000);
    ctx.log(`soak: ${rate} req/s (half of ${fixed(max.rps, 0)}), ${CONNECTIONS} connections, ${options.soakS} s`);
    const acks: Array<[string, number]> = [];
    const onAcknowledged = (body: string) => {
      const answer = (JSON.parse(body) as { data: { sendEvent: { id: string; version: number } } }).data.sendEvent;
      acks.push([answer.id, answer.version]);
    };
    let run;
    try {
      run = await runLoad({ ...spec, connections: CONNECTIONS, durationS: options.soakS, bodyFor, overallRate: rate, timeline: true, onAcknowledged });
    } finally {
      clearInterval(poll);
    }
    sampleRss();
    const rows1 = await historyRows(db.url, ids);
    const written = rows1 - rows0;
    const problem = assertClean(run, 'soak');
    if (problem) notes.push(problem);
    // every acknowledged URGE names the version it made: its history row must be there, once
    const kept = await keptOf(db.url, acks);
    const distinct = new Set(acks.map(([id, v]) => `${id}:${v}`)).size;
    const lost = acks.length - kept;
    // the load stops with up to one request per connection in flight: written, never acknowledged
    const unanswered = written - acks.length;
    notes.push(
      lost === 0 && distinct === acks.length && unanswered >= 0 && unanswered <= CONNECTIONS
        ? `nothing lost: ${acks.length} acknowledged, each with its history row; ${written} rows written (${unanswered} in flight when the load stopped)`
        : `MISMATCH: ${acks.length} acknowledged (${distinct} distinct versions), ${kept} of them in the history, ${written} rows written`,
    );
    const windowS = Math.max(10, Math.round(options.soakS / 10));
    const windows: Table['rows'] = [];
    for (let from = 0; from < options.soakS; from += windowS) {
      const inWindow = run.timeline!.filter(([at]) => at >= from * 1000 && at < (from + windowS) * 1000).map(([, ms]) => ms).sort((a, b) => a - b);
      const rssIn = rss.filter(([at]) => at >= from && at < from + windowS).map(([, mb]) => mb);
      windows.push([
        `${from}–${Math.min(from + windowS, options.soakS)} s`, inWindow.length, fixed(inWindow.length / windowS, 0),
        fixed(percentile(inWindow, 50), 2), fixed(percentile(inWindow, 99), 2), fixed(inWindow.at(-1), 1),
        fixed(rssIn.length ? Math.max(...rssIn) : null, 0),
      ]);
    }
    const rssValues = rss.map(([, mb]) => mb);
    const tables: Table[] = [
      {
        title: `Soak: ${options.soakS} s at ${rate} req/s (half the ${fixed(max.rps, 0)} req/s measured at ${CONNECTIONS} connections just before), p99 per ${windowS} s window`,
        columns: ['window', 'responses', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'server peak RSS MB'],
        rows: windows,
      },
      {
        title: 'Soak: server memory (RSS of every server process) and what was kept',
        columns: ['RSS start MB', 'RSS end MB', 'RSS peak MB', 'acknowledged', 'acknowledged and in the history', 'history rows written', 'non-2xx/err/gql-err', 'server CPU %', 'PG CPU %', 'other CPU %'],
        rows: [[
          fixed(rssValues[0], 0), fixed(rssValues.at(-1), 0), fixed(Math.max(...rssValues), 0), acks.length, kept, written,
          `${run.non2xx}/${run.errors}/${run.graphqlErrors}`, fixed(run.usage.serverCpuPct, 0), fixed(run.usage.postgresCpuPct, 0), fixed(run.usage.otherCpuPct, 0),
        ]],
      },
    ];
    const { timeline: _timeline, ...rest } = run;
    return { tables, notes, details: [], data: { maximum: max.rps, rate, windowS, rss, run: rest, acknowledged: acks.length, kept, written } };
  },
};
