/**
 * Prometheus metrics (prom-client), served at GET /metrics. One registry per process: a process
 * is one service, and every app in it (tests start several) adds to the same counters.
 *
 * - duban_transitions_total{machine,event}: committed transitions, from engine.onTransition
 * - duban_errors_total{code}: errors sent to GraphQL clients, by extensions.code
 * - duban_timer_lag_seconds: how late a due timer was consumed (fire time − due time)
 * - duban_subscriptions: open GraphQL subscriptions (set by the subscriptions layer)
 * - duban_http_request_duration_seconds{method,route,status}: request latency
 * - the process's default metrics (CPU, memory, event loop), prefixed duban_
 */
import type { ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { GraphQLFormattedError } from 'graphql';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { WorkflowEngine } from './engine/engine';

export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'duban_' });

const transitions = new Counter({
  name: 'duban_transitions_total',
  help: 'Committed workflow transitions, by machine and event type',
  labelNames: ['machine', 'event'] as const,
  registers: [metricsRegistry],
});

const errors = new Counter({
  name: 'duban_errors_total',
  help: 'Errors returned to GraphQL clients, by extensions.code',
  labelNames: ['code'] as const,
  registers: [metricsRegistry],
});

const timerLag = new Histogram({
  name: 'duban_timer_lag_seconds',
  help: 'Time between a deadline timer falling due and the engine consuming it',
  buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600],
  registers: [metricsRegistry],
});

const subscriptions = new Gauge({
  name: 'duban_subscriptions',
  help: 'Open GraphQL subscriptions on this process',
  registers: [metricsRegistry],
});

const requestDuration = new Histogram({
  name: 'duban_http_request_duration_seconds',
  help: 'HTTP request latency, by method, route and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});

/** Counts the engine's transitions and timer lag. Call once per engine. */
export function instrumentEngine(engine: WorkflowEngine): void {
  engine.onTransition((record, transition) => transitions.inc({ machine: record.machineId, event: transition.eventType }));
  engine.onTimerFired((timer, firedAt) => timerLag.observe(Math.max(0, (firedAt.getTime() - timer.dueAt.getTime()) / 1000)));
}

/** The subscriptions layer sets this when a subscription opens or closes. */
export function setSubscriptionCount(count: number): void {
  subscriptions.set(count);
}

/** Wraps the GraphQL error formatter: counts each error by the code the client sees. */
export function countingErrors<A extends unknown[]>(
  format: (formatted: GraphQLFormattedError, ...rest: A) => GraphQLFormattedError,
): (formatted: GraphQLFormattedError, ...rest: A) => GraphQLFormattedError {
  return (formatted, ...rest) => {
    const result = format(formatted, ...rest);
    const code = result.extensions?.code;
    errors.inc({ code: typeof code === 'string' ? code : 'UNKNOWN' });
    return result;
  };
}

const ROUTES = ['/graphql', '/healthz', '/readyz', '/metrics', '/admin/statistics.csv'];

/** A bounded route label: known paths, /graphiql and its assets, or "other". */
const routeOf = (path: string) => (path.startsWith('/graphiql') ? '/graphiql' : ROUTES.includes(path) ? path : 'other');

/** Times one response from now until it is sent, under a route label of ROUTES. */
export function timeResponse(res: ServerResponse, method: string, route: string): void {
  const end = requestDuration.startTimer();
  res.on('finish', () => end({ method, route, status: String(res.statusCode) }));
}

/** Express middleware timing every request. */
export const requestTiming: RequestHandler = (req, res, next) => {
  timeResponse(res, req.method, routeOf(req.path)); // now: routers mounted on a path rewrite req.path
  next();
};

type MetricsSource = () => Promise<string>;
let source: MetricsSource = () => metricsRegistry.metrics();

/** With WORKERS > 1, each process answers /metrics with the sum over all (src/cluster.ts). */
export function setMetricsSource(next: MetricsSource): void {
  source = next;
}

/** The exposition text and its content type. */
export async function metricsText(): Promise<{ contentType: string; body: string }> {
  return { contentType: metricsRegistry.contentType, body: await source() };
}
