/**
 * Baseline (b): the engine's statements (see baseline.ts) from a plain `pg` client per
 * connection — the driver and named statements the server uses — with no XState, GraphQL or
 * HTTP. With `write`, each client knows its workflows' versions, as the engine's record cache
 * does, and sends the write alone. Runs whether or not pgbench exists.
 */
import { Client } from 'pg';
import type { Database } from '../lib/postgres';
import { monitor } from '../lib/procstat';
import { summarise } from '../lib/stats';
import { applyValues, sliceFor, type BaselineRun, type BaselineStatements, type TransitionTemplate } from './baseline';

export async function runNodeBaseline(options: {
  db: Database;
  template: TransitionTemplate;
  ids: readonly string[];
  clients: number;
  durationS: number;
  statements: BaselineStatements;
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
  let usage: ReturnType<typeof monitor>;
  let end = 0;
  const worker = async (client: Client, k: number) => {
    // client k works on its own workflows, as each HTTP connection does in the engine runs
    const mine = sliceFor(options.ids, k, options.clients);
    const read = async (id: string) => {
      const { rows } = await client.query({ ...options.template.select, values: [id] });
      versions.set(id, rows[0].version);
      return rows[0].version as number;
    };
    while (performance.now() < end && latencies.length + failures < maxTransactions) {
      const id = mine[Math.floor(Math.random() * mine.length)];
      const t0 = performance.now();
      try {
        const version = options.statements === 'write' ? versions.get(id)! : await read(id);
        const { name, text } = options.template.apply;
        const result = await client.query({ name, text, values: applyValues(options.template, id, version) });
        if (result.rowCount === 1) versions.set(id, version + 1);
        else {
          stale++;
          await read(id);
        }
        latencies.push(performance.now() - t0);
      } catch (error) {
        failures++;
        errorSample ??= (error as Error).message;
      }
    }
  };
  // what the engine's record cache knows: every workflow's version, read once before the clock starts
  const versions = new Map<string, number>();
  let used;
  try {
    if (options.statements === 'write') {
      const { rows } = await clients[0].query('SELECT id, version FROM workflow WHERE id = ANY($1::uuid[])', [options.ids]);
      for (const row of rows) versions.set(row.id, row.version);
    }
    usage = monitor(null, options.db.postmasterPid);
    end = performance.now() + options.durationS * 1000;
    await Promise.all(clients.map(worker));
    used = await usage.stop();
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  }
  const durationS = used.wallS;
  return {
    tool: 'node-pg',
    statements: options.statements,
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
