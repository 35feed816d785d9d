export { loadStreamingOptions, StreamingConfigError } from './config.js';
export type { StreamingOptions } from './config.js';
export { enqueueWorkflowCleanup } from '../db/cleanup-outbox.js';
export { engineTelemetryOptions, traceEngineClient } from '../engine/telemetry.js';
export { createStreamingMetrics } from './metrics.js';
export type { StreamingMetrics } from './metrics.js';
export { createStreaming } from './streaming.js';
export type { Streaming, StreamingDeps } from './streaming.js';
