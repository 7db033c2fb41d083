/**
 * The real entry point, as `npm start` runs it: embedded PostgreSQL with a data directory,
 * graceful shutdown on SIGTERM, data kept across restarts, recovery after kill -9.
 * Runs the compiled build (npm test builds first).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gql, tokenFor } from '../helpers/app';
import { TEST_JWT_SECRET } from '../helpers/env';
import { letterInput, people, START } from '../helpers/letters';
import { wallClockDueDate } from '../helpers/clock';
import { freePort } from '../../src/db/throwaway';

const MAIN = path.join(__dirname, '../../dist/src/main.js');
let dataRoot: string;
let pgPort: number;


interface Running {
  child: ChildProcess;
  url: string;
  logs: string[];
  exited: Promise<number | null>;
}

async function startMain(): Promise<Running> {
  // nothing holds PG_PORT until the server starts PostgreSQL on it: the OS may hand it out again
  let port = await freePort();
  while (port === pgPort) port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      DATABASE_URL: '',
      PORT: String(port),
      HOST: '127.0.0.1',
      PG_DATA_DIR: path.join(dataRoot, 'pg'),
      PG_PORT: String(pgPort),
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      LOG_LEVEL: 'info',
      NODE_ENV: 'development',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "ready" within 30 s:\n${logs.join('')}`)), 30_000);
    const onData = (chunk: Buffer) => {
      logs.push(chunk.toString());
      if (chunk.toString().includes('"msg":"ready"')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => logs.push(c.toString()));
    void exited.then((code) => reject(new Error(`exited with ${code}:\n${logs.join('')}`)));
  });
  return { child, url: `http://127.0.0.1:${port}`, logs, exited };
}

beforeAll(async () => {
  dataRoot = mkdtempSync(path.join(os.tmpdir(), 'duban-main-'));
  chmodSync(dataRoot, 0o755); // PostgreSQL runs as the postgres user when we are root
  pgPort = await freePort();
  if (!existsSync(MAIN)) throw new Error('run `npm run build` first (npm test does)');
});
afterAll(() => rmSync(dataRoot, { recursive: true, force: true }));

test('npm start serves on an embedded PostgreSQL whose data survives a graceful restart', async () => {
  const first = await startMain();
  expect(first.logs.join('')).toMatch(/initialising the embedded PostgreSQL/);
  const office = await tokenFor(people.office);
  const started = await gql(first.url, office, START, { input: { machineId: 'supervisionLetter', input: letterInput({ dueDate: wallClockDueDate() }) } });
  const id = started.data.startWorkflow.id;

  first.child.kill('SIGTERM');
  expect(await first.exited).toBe(0);
  expect(first.logs.join('')).toMatch(/"msg":"stopped"/);

  const second = await startMain();
  expect(second.logs.join('')).not.toMatch(/initialising/);
  const again = await gql(second.url, office, `query($id: ID!) { workflow(id: $id) { id title version } }`, { id });
  expect(again.data.workflow).toEqual({ id, title: '老旧小区改造督办', version: 1 });
  second.child.kill('SIGTERM');
  expect(await second.exited).toBe(0);
});

test('after kill -9 the next start takes over the orphaned database and serves the data', async () => {
  const first = await startMain();
  const office = await tokenFor(people.office);
  const started = await gql(first.url, office, START, { input: { machineId: 'supervisionLetter', input: letterInput({ dueDate: wallClockDueDate() }) } });
  first.child.kill('SIGKILL');
  await first.exited;

  const second = await startMain();
  expect(second.logs.join('')).toMatch(/stopping a PostgreSQL left running by an earlier process/);
  const again = await gql(second.url, office, `query($id: ID!) { workflow(id: $id) { id } }`, { id: started.data.startWorkflow.id });
  expect(again.data.workflow.id).toBe(started.data.startWorkflow.id);
  second.child.kill('SIGTERM');
  expect(await second.exited).toBe(0);
});
