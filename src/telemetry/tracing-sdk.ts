/**
 * The OpenTelemetry SDK, registered only when OTEL_EXPORTER_OTLP_ENDPOINT is set: spans nest by
 * the async context (AsyncLocalStorage), W3C trace context is read from requests and put on
 * webhook deliveries, and finished spans go in batches to `<endpoint>/v1/traces` (OTLP over HTTP,
 * JSON). Without it nothing is registered and src/kernel/tracing.ts does nothing.
 */
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { setTracingEnabled } from '../kernel/tracing';

export interface TracingOptions {
  /** OTLP/HTTP base URL, e.g. http://collector:4318; null: tracing off */
  endpoint: string | null;
  serviceName: string;
  /** how long finished spans wait to be sent together */
  batchDelayMs: number;
}

export interface Tracing {
  /** sends what is still buffered, and turns tracing off */
  shutdown(): Promise<void>;
}

const off: Tracing = { shutdown: async () => undefined };

export function startTracing(options: TracingOptions): Tracing {
  if (!options.endpoint) return off;
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName }),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/+$/, '')}/v1/traces` }),
        scheduledDelayMillis: options.batchDelayMs,
      }),
    ],
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  setTracingEnabled(true);
  return {
    shutdown: async () => {
      setTracingEnabled(false);
      await provider.shutdown().catch(() => undefined);
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}
