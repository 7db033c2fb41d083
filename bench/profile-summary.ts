/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by function and by package,
 * as a share of the time the server was busy (idle excluded). Used by `--profile`; also runs
 * alone: node dist/bench/profile-summary.js <file.cpuprofile>
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { renderTable } from './lib/report';
import type { Table } from './lib/scenario';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where code lives: a package, Node itself, or our own directories. */
function owner(url: string, fn: string): string {
  if (!url) return fn || '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return 'node core';
  // compiled to dist/ or bench/.build/: src/<layer> and machines before bench itself
  const own = /\/(src\/[^/]+|machines)\//.exec(url) ?? /\/(bench)\//.exec(url);
  return own ? `app: ${own[1]}` : url;
}

const shortUrl = (url: string) => url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, '').replace(/^file:\/\//, '');

export function latestProfile(dir: string): string | null {
  try {
    const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(dir, f));
    return files.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0] ?? null;
  } catch {
    return null;
  }
}

export function summariseProfile(file: string, top = 25): { tables: Table[]; busyMs: number; totalMs: number } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  // timeDeltas[i] is the time since the previous sample: charge it to the sample's node
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byFunction = new Map<string, number>();
  const byOwner = new Map<string, number>();
  // inclusive: time with any frame of the owner on the stack (jose includes the WebCrypto it calls)
  const inclusive = new Map<string, number>();
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stackOwners = new Map<number, Set<string>>();
  const ownersOf = (id: number): Set<string> => {
    let set = stackOwners.get(id);
    if (!set) {
      const up = parent.get(id);
      const { url, functionName } = byId.get(id)!.callFrame;
      set = new Set(up === undefined ? [] : ownersOf(up)).add(owner(url, functionName));
      stackOwners.set(id, set);
    }
    return set;
  };
  let totalUs = 0;
  let idleUs = 0;
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    totalUs += us;
    if (functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    const key = `${functionName || '(anonymous)'}  ${url ? `${shortUrl(url)}:${lineNumber + 1}` : ''}`.trim();
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    const who = owner(url, functionName);
    byOwner.set(who, (byOwner.get(who) ?? 0) + us);
    for (const o of ownersOf(id)) inclusive.set(o, (inclusive.get(o) ?? 0) + us);
  }
  const busyUs = totalUs - idleUs;
  const pct = (us: number) => ((100 * us) / busyUs).toFixed(1);
  const rows = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, us]) => [k, (us / 1000).toFixed(0), pct(us), ...(m === byOwner ? [pct(inclusive.get(k) ?? 0)] : [])]);
  return {
    busyMs: busyUs / 1000,
    totalMs: totalUs / 1000,
    tables: [
      {
        title: 'Server time by package (share of busy time; inclusive = with a frame of it on the stack)',
        columns: ['where', 'self ms', 'self % busy', 'inclusive % busy'],
        rows: rows(byOwner, 22),
      },
      { title: `Server top ${top} functions by self time`, columns: ['function  location', 'self ms', '% busy'], rows: rows(byFunction, top) },
    ],
  };
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: node dist/bench/profile-summary.js <file.cpuprofile>\n');
    process.exit(2);
  }
  const summary = summariseProfile(file);
  process.stdout.write(`busy ${summary.busyMs.toFixed(0)} ms of ${summary.totalMs.toFixed(0)} ms\n\n`);
  for (const t of summary.tables) process.stdout.write(renderTable(t) + '\n\n');
}
