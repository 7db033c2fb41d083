/**
 * Arrows point one way: a file imports only from layers below its own (or from its own unit).
 *
 *   11  src/main.ts                                   starts the process
 *   10  src/app.ts                                    wires every part together
 *    9  src/server.ts                                 HTTP server: /graphql, /admin, /metrics
 *    8  src/http/                                     plain HTTP routes: /admin/statistics.csv, /metrics
 *    7  src/graphql/                                  GraphQL API and its graphql-ws transport
 *    6  src/webhooks/                                 deliveries of the stream to endpoints
 *    5  src/stream/      src/admin/                   the ordered feed; administration
 *    4  src/persistence/ src/timers/ src/auth/        storage, timers, callers, settings,
 *       src/metrics.ts   src/config.ts                logs, the embedded PostgreSQL
 *       src/logger.ts    src/db/
 *       src/directory/                                组织机构与分管: units, people, who is in charge
 *       src/telemetry/                                traces: the OpenTelemetry SDK, when configured
 *    3  src/engine/                                   runs a machine against a store
 *    2  src/calendar/                                 working days, deadlines
 *    1  machines/                                     pure XState machines (xstate, zod only)
 *    0  src/kernel/      migrations/                  error codes, ids, clock, spans; reviewed SQL
 *
 * Two different units of the same layer may not import each other either: every arrow goes
 * strictly down, so no two folders can ever depend on each other in a circle. A new folder or
 * root file must be given a layer here before it can be imported.
 *
 * The engine has one public face, src/engine/engine.ts: the engine itself, its workflow views
 * and the few rules and records callers need. Everything else in src/engine is its inside.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');
const SCANNED = ['src', 'machines', 'migrations'];

/** unit (a folder, or a file at the root of src/ without `.ts`) → layer; written once, here. */
const LAYERS: Record<string, number> = {
  'src/kernel': 0,
  migrations: 0,
  machines: 1,
  'src/calendar': 2,
  'src/engine': 3,
  'src/persistence': 4,
  'src/timers': 4,
  'src/auth': 4,
  'src/metrics': 4,
  'src/telemetry': 4,
  'src/config': 4,
  'src/logger': 4,
  'src/db': 4,
  'src/directory': 4,
  'src/stream': 5,
  'src/admin': 5,
  'src/webhooks': 6,
  'src/graphql': 7,
  'src/http': 8,
  'src/server': 9,
  'src/app': 10,
  'src/cluster': 10,
  'src/main': 11,
};

/** Packages a unit may import; units not named here may import any package. */
const PACKAGES: Record<string, string[]> = {
  // the OpenTelemetry API alone (no SDK): spans are a port every layer may use, like the clock
  'src/kernel': ['@opentelemetry/api'],
  machines: ['xstate', 'zod'],
};

/** Outside src/engine, a file imports the engine only through its public face. */
const ENGINE_PUBLIC = ['src/engine/engine'];

/**
 * The store implements the engine's ports, so it also sees their contracts: the records it keeps,
 * the reader scope its SQL filters by, and the hash chain it writes and checks.
 */
const ENGINE_PORTS: Record<string, string[]> = {
  'src/persistence': ['src/engine/ports', 'src/engine/visibility', 'src/engine/chain', 'src/engine/chain-check'],
};

function tsFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(rel);
    return entry.name.endsWith('.ts') ? [rel] : [];
  });
}

/** `src/engine/step.ts` → `src/engine`; `src/config.ts` → `src/config`; `machines/x/y.ts` → `machines`. */
function unitOf(file: string): string {
  const [top, second, ...rest] = file.split('/');
  if (top !== 'src') return top;
  if (rest.length > 0) return `src/${second}`;
  return `src/${second.replace(/\.ts$/, '')}`;
}

function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(path.join(ROOT, file), 'utf8'), true, true);
  return info.importedFiles.map((imported) => imported.fileName);
}

const resolve = (file: string, specifier: string) =>
  path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)).replace(/\.js$/, '');

const packageName = (specifier: string) =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];

const files = SCANNED.flatMap(tsFiles);

describe('the layers of the code', () => {
  it('give every scanned file a layer', () => {
    const unplaced = files.filter((file) => LAYERS[unitOf(file)] === undefined);
    expect(unplaced).toEqual([]);
  });

  it('let a file import only from a lower layer or from its own unit', () => {
    const upward: string[] = [];
    for (const file of files) {
      const from = unitOf(file);
      for (const specifier of importsOf(file).filter((s) => s.startsWith('.'))) {
        const target = resolve(file, specifier);
        const to = unitOf(target);
        if (to === from) continue;
        if (!(LAYERS[to] < LAYERS[from])) {
          upward.push(`${file} (${LAYERS[from]}) imports ${specifier} → ${to} (${LAYERS[to] ?? 'no layer'})`);
        }
      }
    }
    expect(upward).toEqual([]);
  });

  it('let a file outside the engine reach it only through its public face', () => {
    const inward: string[] = [];
    for (const file of files) {
      const from = unitOf(file);
      if (from === 'src/engine') continue;
      const allowed = [...ENGINE_PUBLIC, ...(ENGINE_PORTS[from] ?? [])];
      for (const specifier of importsOf(file).filter((s) => s.startsWith('.'))) {
        const target = resolve(file, specifier);
        if (unitOf(target) === 'src/engine' && !allowed.includes(target)) inward.push(`${file} imports ${specifier}`);
      }
    }
    expect(inward).toEqual([]);
  });

  it('keep the kernel free of packages and the machines to xstate and zod', () => {
    const strays: string[] = [];
    for (const file of files) {
      const allowed = PACKAGES[unitOf(file)];
      if (!allowed) continue;
      for (const specifier of importsOf(file).filter((s) => !s.startsWith('.'))) {
        if (!allowed.includes(packageName(specifier))) strays.push(`${file} imports ${specifier}`);
      }
    }
    expect(strays).toEqual([]);
  });

  it('are the layers the README draws', () => {
    // the block under "## Architecture" whose lines start with a layer number
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const block = readme.slice(readme.indexOf('## Architecture')).split('```')[1];
    const drawn: Record<string, number> = {};
    let layer = -1;
    for (const line of block.split('\n')) {
      const number = /^\s*(\d+)\s/.exec(line);
      if (number) layer = Number(number[1]);
      for (const [unit] of line.matchAll(/\b(?:src\/[\w-]+(?:\.ts|\/)|machines\/|migrations\/)/g)) {
        drawn[unit.replace(/(\.ts|\/)$/, '')] = layer;
      }
    }
    expect(drawn).toEqual(LAYERS);
  });
});
