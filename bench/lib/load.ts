/**
 * One HTTP load run with autocannon's programmatic API: POST /graphql with a body built per
 * request (so the load spreads over many workflows), latencies recorded per response (for p95,
 * which autocannon does not report), every body checked for GraphQL errors, and the server's
 * and PostgreSQL's CPU measured over the same interval.
 */
import autocannon from 'autocannon';
import { monitor, type Usage } from './procstat';
import { summarise, type Latency } from './stats';

export interface LoadRun {
  /** what the first column of a table shows: the connections, or a label such as "32, shared ids" */
  label: string;
  connections: number;
  durationS: number;
  requests: number;
  rps: number;
  latencyMs: Latency;
  /** responses with a status other than 2xx */
  non2xx: number;
  /** connection errors and timeouts */
  errors: number;
  /** 200 responses whose body holds GraphQL "errors" */
  graphqlErrors: number;
  /** the first such body, to say what went wrong */
  errorSample: string | null;
  /** responses whose body had no GraphQL "errors": what the server acknowledged */
  acknowledged: number;
  /** with `timeline`: [ms since the start when the response came, its latency ms] per response */
  timeline: Array<[number, number]> | null;
  usage: Usage;
}

export interface LoadSpec {
  url: string;
  token: string;
  connections: number;
  durationS: number;
  label?: string;
  /** for connection k (0-based), a function giving the JSON body of its next request */
  bodyFor: (connection: number) => () => string;
  serverPid: number | null;
  postmasterPid: number | null;
  /** requests per second over all connections; unbounded (as fast as answered) when absent */
  overallRate?: number;
  /** keep each response's time, for figures over time windows (the soak) */
  timeline?: boolean;
  /** called with each acknowledged body (the soak checks each one was kept) */
  onAcknowledged?: (body: string) => void;
}

/** Latencies kept per run: far above what 2 cores serve in a run, and a bound on memory. */
const MAX_SAMPLES = 2_000_000;

export async function runLoad(spec: LoadSpec): Promise<LoadRun> {
  const latencies: number[] = [];
  const timeline: Array<[number, number]> | null = spec.timeline ? [] : null;
  const t0 = performance.now();
  let acknowledged = 0;
  const usage = monitor(spec.serverPid, spec.postmasterPid);
  const request = {
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${spec.token}` },
  };
  let connection = 0;
  const instance = autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationS,
    timeout: 30,
    ...(spec.overallRate ? { overallRate: spec.overallRate } : {}),
    requests: [request], // replaced per connection below, before the first request
    // each connection gets its own request source, so a scenario can give it its own workflows
    setupClient: (client) => {
      const body = spec.bodyFor(connection++);
      client.setRequests([{ ...request, setupRequest: (r) => ({ ...r, body: body() }) }]);
    },
    // Apollo answers resolver errors with 200 and an "errors" array: autocannon counts these as mismatches
    verifyBody: (body) => {
      const ok = !body.includes('"errors"');
      // a GraphQL answer with data and no error: the server said it was done
      if (ok && body.startsWith('{"data":{')) {
        acknowledged++;
        spec.onAcknowledged?.(body);
      }
      return ok;
    },
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => {
    if (latencies.length < MAX_SAMPLES) latencies.push(ms);
    if (timeline && timeline.length < MAX_SAMPLES) timeline.push([performance.now() - t0, ms]);
  });
  let errorSample: string | null = null;
  instance.on('reqMismatch', (body: string) => (errorSample ??= body.slice(0, 500)));
  instance.on('reqError', (error: Error) => (errorSample ??= String(error)));
  const result = await instance;
  const used = await usage.stop();
  return {
    label: spec.label ?? String(spec.connections),
    connections: spec.connections,
    durationS: result.duration,
    requests: result.requests.total,
    rps: result.requests.total / result.duration,
    latencyMs: summarise(latencies),
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    graphqlErrors: result.mismatches,
    errorSample,
    acknowledged,
    timeline,
    usage: used,
  };
}

/** A line for the report when a run saw any error (the figures of such a run mean little). */
export function assertClean(run: LoadRun, what: string): string | null {
  const bad = run.non2xx + run.errors + run.graphqlErrors;
  if (!bad) return null;
  const counts = `${run.non2xx} non-2xx, ${run.errors} errors, ${run.graphqlErrors} GraphQL errors`;
  return `${what} at ${run.label} connections: ${counts}; first: ${run.errorSample ?? '?'}`;
}
