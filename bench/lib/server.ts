/**
 * The real server as a separate process (`node dist/src/main.js`), so its CPU and memory can be
 * read from /proc and the load generator does not share its event loop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { freePort } from './postgres';

export const BENCH_JWT_SECRET = 'bench-secret-0123456789-0123456789-0123456789';

export interface Server {
  url: string;
  pid: number;
  child: ChildProcess;
  /** SIGTERM and wait; SIGKILL after 20 s */
  stop(): Promise<void>;
}

/** The compiled entry point, next to the compiled bench (dist/bench → dist/src/main.js). */
const MAIN = path.join(__dirname, '../../src/main.js');

export async function startServer(options: {
  databaseUrl: string;
  profileDir: string | null;
  env?: Record<string, string>;
  /** another build's entry point (bench/ab.ts compares two); by default this build's */
  main?: string;
  /**
   * wait for the "ready" log line (LOG_LEVEL=info), not the first /readyz: with WORKERS > 1 the
   * first worker answers /readyz before the others listen, and the primary logs "ready" once all do
   */
  awaitReadyLog?: boolean;
}): Promise<Server> {
  const port = await freePort();
  const nodeArgs: string[] = [];
  if (options.profileDir) {
    mkdirSync(options.profileDir, { recursive: true });
    nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${options.profileDir}`);
  }
  const child = spawn(process.execPath, [...nodeArgs, options.main ?? MAIN], {
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      AUTH_JWT_SECRET: BENCH_JWT_SECRET,
      LOG_LEVEL: 'warn',
      // as deployed: graphql-js skips its development-only checks in production
      NODE_ENV: 'production',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = `http://127.0.0.1:${port}`;
  const logs: string[] = [];
  let ready = false;
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // keep reading: a child whose stdout pipe fills up blocks
  child.stdout!.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    if (logs.length < 200) logs.push(text);
    if (text.includes('"msg":"ready"')) ready = true;
  });
  child.stderr!.on('data', (chunk: Buffer) => logs.length < 200 && logs.push(chunk.toString()));
  // "ready" is logged at info, so at LOG_LEVEL=warn it never shows: /readyz answers either way
  const deadline = Date.now() + 60_000;
  while (!ready && (options.awaitReadyLog || !(await readyz(url)))) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${logs.join('')}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not ready within 60 s:\n${logs.join('')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    pid: child.pid!,
    child,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

async function readyz(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}
