/**
 * A PostgreSQL of a test's own (tests/faults/pg-control.mjs in a child process), for tests that
 * stop, kill or restart it: the shared test server must stay up for every other file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { makeDataSource } from '../../src/persistence/data-source';
import { migrate } from '../../src/persistence/schema-migrations';
import { freePort } from './process';

type Command = 'init' | 'start' | 'stop' | 'kill' | 'recovered' | 'quit';

export class OwnPostgres {
  private readonly answers: string[] = [];
  private waiting: ((line: string) => void) | undefined;
  /** whether it was last started (and not stopped or killed since) */
  up = false;

  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    readonly url: string,
  ) {
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 1);
        if (this.waiting) {
          this.waiting(line);
          this.waiting = undefined;
        } else this.answers.push(line);
      }
    });
  }

  /** A fresh cluster in a temporary directory, started, with every migration applied. */
  static async create(prefix: string): Promise<OwnPostgres> {
    const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
    chmodSync(dir, 0o755); // as root, PostgreSQL runs as the postgres user and must reach its data
    const port = await freePort();
    const child = spawn(process.execPath, [path.join(__dirname, 'pg-control.mjs'), path.join(dir, 'data'), String(port)], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const pg = new OwnPostgres(child, dir, `postgres://postgres:postgres@127.0.0.1:${port}/postgres`);
    await pg.command('init');
    await pg.start();
    const ds = makeDataSource({ url: pg.url, poolSize: 2, connectTimeoutMs: 5000, statementTimeoutMs: 60000 });
    await ds.initialize();
    await migrate(ds, pino({ level: 'silent' }));
    await ds.destroy();
    return pg;
  }

  private async command(command: Command): Promise<void> {
    const answer = new Promise<string>((resolve) => {
      if (this.answers.length > 0) resolve(this.answers.shift()!);
      else this.waiting = resolve;
    });
    this.child.stdin!.write(`${command}\n`);
    if (command === 'quit') return;
    const line = await answer;
    if (line !== `ok ${command}`) throw new Error(`PostgreSQL ${command}: ${line}`);
  }

  async start(): Promise<void> {
    await this.command('start');
    this.up = true;
  }

  /** A clean shutdown (SIGINT to the postmaster). */
  async stop(): Promise<void> {
    await this.command('stop');
    this.up = false;
  }

  /** kill -9 of the postmaster: the next start runs crash recovery from the WAL. */
  async kill(): Promise<void> {
    await this.command('kill');
    this.up = false;
  }

  /** Throws unless the last start ran crash recovery (as after a kill, never after a stop). */
  async expectCrashRecovery(): Promise<void> {
    await this.command('recovered');
  }

  /** Stops it and removes its data. */
  async destroy(): Promise<void> {
    if (this.up) await this.stop();
    await this.command('quit');
    await new Promise((r) => (this.child.exitCode === null ? this.child.once('exit', r) : r(null)));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
