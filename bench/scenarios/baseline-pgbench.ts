/**
 * Baseline (a): pgbench sending the engine's statements (captured in baseline.ts), `-M prepared`
 * as the engine's named statements; every parameter but the workflow's id and version is the
 * captured value (`-D pN=…`, NULLs inline). With `read + write` the id and version come from the
 * read (`\gset`). With `write` there is no read: pgbench has no memory of versions, so the write
 * looks them up itself (the id from bench_ids, the version from the row), an index lookup inside
 * the one statement where the engine sends a value.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../lib/postgres';
import { monitor } from '../lib/procstat';
import { summarise } from '../lib/stats';
import type { BaselineRun, BaselineStatements, TransitionTemplate } from './baseline';

export function findPgbench(): string | null {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(path.join(dir, 'pgbench'))) return path.join(dir, 'pgbench');
  }
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => path.join(root, v, 'bin', 'pgbench')).find(existsSync) ?? null;
}

/** A parameter as PostgreSQL's text input reads it, as node-pg would send it. */
function asText(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return `{${value.map((v) => `"${String(v).replace(/(["\\])/g, '\\$1')}"`).join(',')}}`;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The script and the -D definitions it needs. */
export function pgbenchScript(
  t: TransitionTemplate,
  statements: BaselineStatements,
): { script: string; defines: Record<string, string> } {
  const defines: Record<string, string> = {};
  const workflowId = '(SELECT id FROM bench_ids WHERE n = :n)';
  const id = statements === 'write' ? workflowId : ':id';
  const version = statements === 'write' ? `(SELECT version FROM workflow WHERE id = ${workflowId})` : ':version';
  const apply = t.apply.text.replace(/\$(\d+)/g, (_, d: string) => {
    const i = Number(d);
    if (i === t.idParam) return id;
    if (i === t.versionParam) return version;
    const value = t.apply.values[i - 1];
    if (value == null) return 'NULL';
    defines[`p${i}`] = asText(value);
    return `:p${i}`;
  });
  // client c (pgbench's :client_id, 0-based) picks from workflows c+1, c+1+clients, …: the same
  // disjoint slices as the HTTP connections and the node clients (see sliceFor)
  const pick = `\\set n 1 + :client_id + :clients * random(0, (:workflows - 1 - :client_id) / :clients)`;
  // \gset stores each selected column in a variable of the same name (id, version, …)
  const select = `${t.select.text.replace('$1', workflowId)} \\gset`;
  const lines = statements === 'write' ? [pick, `${apply.trim()};`] : [pick, select, `${apply.trim()};`];
  return { script: `${lines.join('\n')}\n`, defines };
}

export async function runPgbench(options: {
  pgbench: string;
  db: Database;
  template: TransitionTemplate;
  workflows: number;
  clients: number;
  durationS: number;
  statements: BaselineStatements;
}): Promise<BaselineRun> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'duban-bench-pgbench-'));
  try {
    const { script, defines } = pgbenchScript(options.template, options.statements);
    writeFileSync(path.join(dir, 'transition.sql'), script);
    const url = new URL(options.db.url);
    const all = { ...defines, workflows: String(options.workflows), clients: String(options.clients) };
    const args = [
      '-n', '-M', 'prepared', '-c', String(options.clients), '-j', String(Math.min(options.clients, os.availableParallelism())),
      '-T', String(options.durationS), '-f', path.join(dir, 'transition.sql'), '-l', `--log-prefix=${path.join(dir, 'txn')}`,
      ...Object.entries(all).flatMap(([k, v]) => ['-D', `${k}=${v}`]),
      '-h', url.hostname, '-p', url.port || '5432', '-U', decodeURIComponent(url.username), url.pathname.slice(1),
    ];
    const usage = monitor(null, options.db.postmasterPid);
    const env = { ...process.env, PGPASSWORD: decodeURIComponent(url.password) };
    const { code, stdout, stderr } = await run(options.pgbench, args, env, (options.durationS + 60) * 1000);
    const used = await usage.stop(1000);
    const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1] ?? NaN);
    const processed = Number(/actually processed: (\d+)/.exec(stdout)?.[1] ?? 0);
    const failed = Number(/number of failed transactions: (\d+)/.exec(stdout)?.[1] ?? 0);
    if (code !== 0 || Number.isNaN(tps)) throw new Error(`pgbench exited with ${code}: ${stderr.trim().split('\n').slice(0, 3).join(' | ')}`);
    const latencies: number[] = [];
    for (const file of readdirSync(dir).filter((f) => f.startsWith('txn'))) {
      for (const line of readFileSync(path.join(dir, file), 'utf8').split('\n')) {
        const us = Number(line.split(' ')[2]); // client transaction_no time_us script_no epoch epoch_us
        if (line && Number.isFinite(us)) latencies.push(us / 1000);
      }
    }
    return {
      tool: 'pgbench',
      statements: options.statements,
      clients: options.clients,
      durationS: options.durationS,
      transactions: processed,
      tps,
      latencyMs: summarise(latencies),
      failures: failed,
      stale: null,
      errorSample: null,
      usage: used,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(0, 8000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
