/**
 * `node bench/.build/bench/ab.js --base=<dir> [--duration=S] [--rounds=N] [--connections=8,32]`:
 * sendEvent (URGE) of two builds of the server, in alternation on one database, so both see the
 * same machine in the same minutes: this build, and the one whose compiled entry point is
 * `<dir>/src/main.js` (e.g. `git worktree add /tmp/base <commit> && (cd /tmp/base && npm run build)`,
 * then `--base=/tmp/base/dist`). A change's effect on a shared, noisy machine shows in the
 * medians of the rounds, not in one run. It measures; it asserts nothing.
 * `--this-node-options="--max-semi-space-size=64"` runs this build with those Node options (as
 * NODE_OPTIONS), so `--base` may name this very build to compare a runtime setting alone.
 */
import path from 'node:path';
import { issueLetters, people, SEND, graphqlBody, tokenFor } from './lib/graphql';
import { runLoad, type LoadRun } from './lib/load';
import { startDatabase } from './lib/postgres';
import { renderTable } from './lib/report';
import { startServer } from './lib/server';
import { fixed } from './lib/stats';
import { sliceFor } from './scenarios/baseline';

const arg = (name: string) => {
  const given = process.argv.find((a) => a.startsWith(`--${name}=`));
  return given?.slice(name.length + 3);
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const base = arg('base');
  if (!base) throw new Error('--base=<dir holding src/main.js of the other build> is required');
  const durationS = Number(arg('duration') ?? 10);
  const rounds = Number(arg('rounds') ?? 3);
  const connections = (arg('connections') ?? '8,32').split(',').map(Number);
  const builds = { base: path.resolve(base, 'src/main.js'), this: path.join(__dirname, '../src/main.js') };
  const thisNodeOptions = arg('this-node-options');
  const envOf: Record<'base' | 'this', Record<string, string>> = { base: {}, this: thisNodeOptions ? { NODE_OPTIONS: thisNodeOptions } : {} };
  const log = (line: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
  const db = await startDatabase(log);
  const results = new Map<string, LoadRun[]>();
  try {
    let ids: string[] | null = null;
    const token = await tokenFor(people.office);
    for (let round = 0; round < rounds; round++) {
      // alternate which goes first, so neither always runs on a warmer database
      const order = round % 2 ? (['this', 'base'] as const) : (['base', 'this'] as const);
      for (const which of order) {
        const server = await startServer({ databaseUrl: db.url, profileDir: null, main: builds[which], env: envOf[which] });
        try {
          ids ??= await issueLetters(server.url, 300);
          const spec = { url: server.url, token, serverPid: server.pid, postmasterPid: db.postmasterPid };
          const bodyFor = (n: number) => (k: number) => {
            const mine = sliceFor(ids!, k, n);
            let next = 0;
            return () => graphqlBody(SEND, { input: { workflowId: mine[next++ % mine.length], type: 'URGE', payload: {} } });
          };
          // the first requests fill the record cache and warm the JIT
          await runLoad({ ...spec, connections: 8, durationS: 2, bodyFor: bodyFor(8) });
          for (const c of connections) {
            const run = await runLoad({ ...spec, connections: c, durationS, bodyFor: bodyFor(c) });
            const key = `${which} ${c}`;
            results.set(key, [...(results.get(key) ?? []), run]);
            log(`round ${round + 1} ${key}: ${fixed(run.rps, 0)} req/s, p99 ${fixed(run.latencyMs.p99, 1)} ms, server ${fixed((1000 * (run.usage.serverCpuS ?? NaN)) / run.requests, 2)} ms CPU/req, other CPU ${fixed(run.usage.otherCpuPct, 0)} %`);
          }
        } finally {
          await server.stop();
        }
      }
    }
  } finally {
    await db.stop();
  }
  const rows = [...results.entries()].map(([key, runs]) => [
    key,
    runs.map((r) => fixed(r.rps, 0)).join(' / '),
    fixed(median(runs.map((r) => r.rps)), 0),
    fixed(median(runs.map((r) => r.latencyMs.p99)), 1),
    fixed(median(runs.map((r) => (1000 * (r.usage.serverCpuS ?? NaN)) / r.requests)), 3),
    fixed(median(runs.map((r) => r.usage.otherCpuPct ?? NaN)), 0),
  ]);
  process.stdout.write(
    `\n${renderTable({ title: `sendEvent, base = ${base}${thisNodeOptions ? `, this with NODE_OPTIONS=${thisNodeOptions}` : ''}, ${durationS} s per run, ${rounds} rounds`, columns: ['build connections', 'req/s per round', 'median req/s', 'median p99 ms', 'median server CPU ms/req', 'median other CPU %'], rows })}\n`,
  );
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`ab failed: ${(error as Error).stack ?? error}\n`);
    process.exit(1);
  },
);
