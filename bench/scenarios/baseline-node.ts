/**
 * Baseline (b): the engine's two statements (see baseline.ts) from a plain `pg` client per
 * connection — the driver and named statements the server uses — with no XState, GraphQL or
 * HTTP. Runs whether or not pgbench exists.
 */
import { Client } from 'pg';
import type { Database } from '../lib/postgres';
import { monitor } from '../lib/procstat';
import { summarise } from '../lib/stats';
import { applyValues, sliceFor, type BaselineRun, type TransitionTemplate } from './baseline';

export async function runNodeBaseline(options: {
  db: Database;
  template: TransitionTemplate;
  ids: readonly string[];
  clients: number;
  durationS: number;
}): Promise<BaselineRun> {
  const clients = await Promise.all(
    Array.from({ length: options.clients }, async () => {
      const c = new Client({ connectionString: options.db.url });
      await c.connect();
      return c;
    }),
  );
  const latencies: number[] = [];
  let failures = 0;
  let stale = 0;
  let errorSample: string | null = null;
  // bounded in time and in count (far above what 2 cores can do in the time)
  const maxTransactions = options.durationS * 50_000;
  const usage = monitor(null, options.db.postmasterPid);
  const end = performance.now() + options.durationS * 1000;
  const worker = async (client: Client, k: number) => {
    // client k works on its own workflows, as each HTTP connection does in the engine runs
    const mine = sliceFor(options.ids, k, options.clients);
    while (performance.now() < end && latencies.length + failures < maxTransactions) {
      const id = mine[Math.floor(Math.random() * mine.length)];
      const t0 = performance.now();
      try {
        const { rows } = await client.query({ ...options.template.select, values: [id] });
        const { name, text } = options.template.apply;
        const result = await client.query({ name, text, values: applyValues(options.template, id, rows[0].version) });
        if (result.rowCount !== 1) stale++;
        latencies.push(performance.now() - t0);
      } catch (error) {
        failures++;
        errorSample ??= (error as Error).message;
      }
    }
  };
  let used;
  try {
    await Promise.all(clients.map(worker));
    used = await usage.stop();
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  }
  const durationS = used.wallS;
  return {
    tool: 'node-pg',
    clients: options.clients,
    durationS,
    transactions: latencies.length,
    tps: latencies.length / durationS,
    latencyMs: summarise(latencies),
    failures,
    stale,
    errorSample,
    usage: used,
  };
}
