/**
 * Command-line options, read once. `--quick` keeps the whole run under two minutes on a 2-core
 * machine (short runs, a 50,000-row read table); the full run takes about nine minutes (a
 * 1,000,000-row read table).
 *   --quick              short runs
 *   --profile            run the server under node --cpu-prof and summarise the profile
 *   --only=a,b           run only these scenarios (machine-step, transitions, start, reads)
 *   --duration=S         seconds per measured load run (overrides the mode's value)
 *   --tracing            run the server with OpenTelemetry on, exporting to a local OTLP sink
 *   --workers=1,2        server processes (WORKERS) for the transition load, each in the same run
 *                        (default: 1 with --quick, 1,2 otherwise)
 *   --soak=S             seconds of the soak scenario (default 600; it runs only when named in --only
 *                        or in a full run)
 *   --keep-db            with DATABASE_URL: keep the bench database between runs (neither dropped
 *                        before nor after), so office-reads finds its million rows already seeded
 */
export interface Options {
  quick: boolean;
  profile: boolean;
  /** the server traces every request and sends its spans to a local OTLP/HTTP sink */
  tracing: boolean;
  only: ReadonlySet<string> | null;
  /** seconds per measured load run */
  durationS: number;
  /** seconds of unmeasured load before the first measured run, so the JIT is warm */
  warmupS: number;
  connections: readonly number[];
  /** WORKERS values the transition load runs with, one server each, in this order */
  workers: readonly number[];
  /** seconds the soak scenario runs */
  soakS: number;
  /** supervision letters issued over GraphQL for the transition load */
  letters: number;
  /** rows inserted directly with SQL for the read scenario */
  readRows: number;
  /** at most this many pages walked per pagination run */
  pages: number;
  /** iterations per machine in the pure-step scenario (also bounded by time) */
  stepIterations: number;
  /** hard limit for the whole run: the watchdog stops everything after this */
  budgetS: number;
  /** keep the bench database on DATABASE_URL's server: not dropped before or after the run */
  keepDb: boolean;
}

export const SCENARIOS = ['machine-step', 'transitions', 'start', 'timers', 'fanout', 'reads', 'soak', 'office-reads'] as const;

export function parseOptions(argv: readonly string[]): Options {
  const flag = (name: string) => argv.includes(`--${name}`);
  const value = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const unknown = argv.filter((a) => !/^--(quick|profile|tracing|keep-db|only=.+|duration=\d+(\.\d+)?|workers=\d+(,\d+)*|soak=\d+)$/.test(a));
  if (unknown.length) throw new Error(`unknown arguments: ${unknown.join(' ')}`);
  const only = value('only')?.split(',').filter(Boolean) ?? null;
  const bad = only?.filter((s) => !(SCENARIOS as readonly string[]).includes(s)) ?? [];
  if (bad.length) throw new Error(`unknown scenarios: ${bad.join(', ')} (known: ${SCENARIOS.join(', ')})`);
  const quick = flag('quick');
  const base = quick
    ? { durationS: 3, warmupS: 2, letters: 300, readRows: 50_000, pages: 30, stepIterations: 20_000, budgetS: 170 }
    : { durationS: 20, warmupS: 5, letters: 500, readRows: 1_000_000, pages: 100, stepIterations: 100_000, budgetS: 1800 };
  const duration = value('duration');
  const workers = value('workers')?.split(',').map(Number) ?? (quick ? [1] : [1, 2]);
  if (workers.some((w) => w < 1)) throw new Error('--workers: each value at least 1');
  const soakS = Number(value('soak') ?? 600);
  return {
    ...base,
    quick,
    profile: flag('profile'),
    keepDb: flag('keep-db'),
    tracing: flag('tracing'),
    only: only ? new Set(only) : null,
    durationS: duration ? Number(duration) : base.durationS,
    connections: [1, 8, 32],
    workers,
    soakS,
    // the soak runs its own length, and the bench's watchdog must leave it room
    budgetS: base.budgetS + (only?.includes('soak') || !quick ? soakS + 120 : 0),
  };
}
