export { loadStreamingOptions, StreamingConfigError } from '../streaming-options.js';
export type { StreamingOptions } from '../streaming-options.js';
export { enqueueWorkflowCleanup } from '../db/cleanup-outbox.js';
export { engineTelemetryOptions, traceEngineClient } from '../engine/telemetry.js';
export { createOrchestratorMetrics } from '../observability/metrics.js';
export type { OrchestratorMetrics } from '../observability/metrics.js';
export { createStreaming } from './streaming.js';
export type { Streaming, StreamingDeps } from './streaming.js';
