import {
  type Attributes,
  type Context,
  context,
  propagation,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  InMemorySpanExporter,
  NodeTracerProvider,
  NoopSpanProcessor,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-node';

/** A started tracing SDK; `shutdown` flushes pending spans. */
export interface Tracing {
  /** True when spans are exported (an OTLP endpoint or `OTEL_TRACES_EXPORTER` is configured). */
  readonly isExporting: boolean;
  shutdown(): Promise<void>;
}

function has(env: NodeJS.ProcessEnv, name: string): boolean {
  return Boolean(env[name]?.trim());
}

/**
 * Starts the OpenTelemetry SDK for a service, configured by the standard `OTEL_*` variables
 * (`OTEL_SERVICE_NAME`, `OTEL_RESOURCE_ATTRIBUTES`, `OTEL_TRACES_SAMPLER`, `OTEL_PROPAGATORS`,
 * `OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT`, `OTEL_SDK_DISABLED`, …). Spans are exported over OTLP
 * only when an endpoint (or `OTEL_TRACES_EXPORTER`) is set; otherwise they are still created so
 * that W3C `traceparent` propagates between services. Metrics stay on Prometheus.
 *
 * @example
 * const tracing = startTracing('spec-engine');
 * process.on('SIGTERM', () => void tracing.shutdown());
 */
export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): Tracing {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') {
    return { isExporting: false, shutdown: async () => {} };
  }
  const isExporting =
    has(env, 'OTEL_EXPORTER_OTLP_ENDPOINT') ||
    has(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT') ||
    has(env, 'OTEL_TRACES_EXPORTER');
  const sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME?.trim() || serviceName,
    // Without an exporter a no-op processor still registers the provider: ids are made and propagated.
    ...(isExporting ? {} : { spanProcessors: [new NoopSpanProcessor()] }),
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [],
  });
  sdk.start();
  return { isExporting, shutdown: () => sdk.shutdown() };
}

/**
 * Registers an in-memory tracer provider for tests (W3C propagation, async context) and
 * returns its exporter. Call once per test file.
 */
export function startInMemoryTracing(): InMemorySpanExporter {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  return exporter;
}

/** The tracer of one component (`ide-orchestrator`, `spec-engine`). */
export function getTracer(name: string): Tracer {
  return trace.getTracer(name);
}

/** Writes the active context (`traceparent`, `tracestate`) into a header carrier. */
export function injectTraceHeaders(
  carrier: Headers | Record<string, string>,
  ctx: Context = context.active(),
): void {
  if (carrier instanceof Headers) {
    propagation.inject(ctx, carrier, { set: (h, key, value) => (h as Headers).set(key, value) });
  } else {
    propagation.inject(ctx, carrier);
  }
}

/** The context carried by incoming W3C headers (the active one when none are present). */
export function extractTraceContext(headers: {
  readonly traceparent?: string | undefined;
  readonly tracestate?: string | undefined;
}): Context {
  const carrier: Record<string, string> = {};
  if (headers.traceparent) carrier.traceparent = headers.traceparent;
  if (headers.tracestate) carrier.tracestate = headers.tracestate;
  return propagation.extract(context.active(), carrier);
}

/** Options of {@link withSpan}. */
export interface SpanOptions {
  readonly kind?: SpanKind;
  readonly attributes?: Attributes;
  /** Parent context (e.g. from {@link extractTraceContext}); the active one by default. */
  readonly parent?: Context;
}

/**
 * Runs `fn` inside a new active span, recording an exception and an error status when it
 * throws, and ending the span when it settles.
 */
export async function withSpan<T>(
  tracer: Tracer,
  name: string,
  options: SpanOptions,
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = options.parent ?? context.active();
  const span = tracer.startSpan(
    name,
    {
      kind: options.kind ?? SpanKind.INTERNAL,
      ...(options.attributes ? { attributes: options.attributes } : {}),
    },
    parent,
  );
  try {
    return await context.with(trace.setSpan(parent, span), () => fn(span));
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    throw error;
  } finally {
    span.end();
  }
}

export { SpanKind, SpanStatusCode };
export type { InMemorySpanExporter, Span, Tracer };
