/**
 * Traces, for every layer: spans through the OpenTelemetry API only. Off (the default) nothing is
 * recorded and `inSpan` is a plain call, so the hot path pays for one boolean; on (src/telemetry,
 * with OTEL_EXPORTER_OTLP_ENDPOINT) spans nest by the async context and are exported by OTLP.
 */
import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';

export { SpanKind };
export type { Attributes, Context, Span };

let enabled = false;

/** Turned on once the tracing SDK is registered, and off again when it shuts down. */
export function setTracingEnabled(on: boolean): void {
  enabled = on;
}

export const tracingEnabled = (): boolean => enabled;

const tracer = () => trace.getTracer('duban-workflow');

/**
 * Runs `work` in a span named `name`, a child of `parent` (default: the active context), and the
 * active span for everything `work` awaits. An error marks the span and is rethrown unchanged.
 */
export function inSpan<T>(
  name: string,
  attributes: Attributes,
  work: (span: Span | null) => Promise<T>,
  options: { kind?: SpanKind; parent?: Context } = {},
): Promise<T> {
  if (!enabled) return work(null);
  return tracer().startActiveSpan(name, { attributes, kind: options.kind ?? SpanKind.INTERNAL }, options.parent ?? context.active(), async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** A span that is started and ended by hand (a phase reported by callbacks); null when off. */
export function startSpan(name: string, attributes: Attributes = {}, parent?: Context): Span | null {
  return enabled ? tracer().startSpan(name, { attributes }, parent ?? context.active()) : null;
}

/** The context with `span` active: for work that should be its child. */
export const contextWith = (span: Span): Context => trace.setSpan(context.active(), span);

/** Runs `work` with `ctx` as the active context. */
export const withContext = <T>(ctx: Context | undefined, work: () => T): T => (enabled && ctx ? context.with(ctx, work) : work());

/** The W3C `traceparent` of the active span, to carry it across a queue; null when off or none. */
export function currentTraceparent(): string | null {
  if (!enabled) return null;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ?? null;
}

/** The context a W3C `traceparent` (from a request's headers, or one carried by a queue) names. */
export function contextFrom(headers: Record<string, string | string[] | undefined>): Context {
  return propagation.extract(context.active(), headers);
}

/** `headers` with the active span's `traceparent` (and `tracestate`) added, when tracing is on. */
export function withTraceHeaders(headers: Record<string, string>): Record<string, string> {
  if (enabled) propagation.inject(context.active(), headers);
  return headers;
}
