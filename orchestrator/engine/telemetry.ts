import { getTracer, injectTraceHeaders, SpanKind, withSpan } from '../../common/observability/tracing.js';
import type {
  EngineCallObservation,
  SpecEngineClient,
  SpecEngineClientOptions,
} from './spec-engine-client.js';

const tracer = getTracer('ide-orchestrator');

/**
 * Client options that put the active trace context (`traceparent`) on every engine request
 * and record each call's endpoint, result and latency.
 */
export function engineTelemetryOptions(metrics: {
  engineCall(observation: EngineCallObservation): void;
}): Pick<SpecEngineClientOptions, 'decorateHeaders' | 'onCall'> {
  return {
    decorateHeaders: (headers) => injectTraceHeaders(headers),
    onCall: (observation) => metrics.engineCall(observation),
  };
}

/**
 * Wraps every engine call (invoke, state, delete, the stream dial) in a client span, so the
 * `traceparent` the engine receives names that span and both services share one trace.
 */
export function traceEngineClient(client: SpecEngineClient): SpecEngineClient {
  const span = <T>(name: string, threadId: string | undefined, fn: () => Promise<T>) =>
    withSpan(
      tracer,
      `spec-engine ${name}`,
      { kind: SpanKind.CLIENT, attributes: threadId ? { 'thread.id': threadId } : {} },
      fn,
    );
  return {
    retryAfterSeconds: client.retryAfterSeconds,
    invoke: (request) => span('invoke', request.job_id, () => client.invoke(request)),
    getState: (threadId) => span('state', threadId, () => client.getState(threadId)),
    deleteThread: (threadId) => span('delete', threadId, () => client.deleteThread(threadId)),
    connect: (endpoint, attempt) => span(endpoint, undefined, () => client.connect(endpoint, attempt)),
    isReady: () => client.isReady(),
    breakerState: () => client.breakerState(),
    onBreakerStateChange: (listener) => client.onBreakerStateChange(listener),
  };
}
