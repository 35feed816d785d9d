import { EVENT_TYPES } from '../../common/events/index.js';
import { counter, defineCatalog, gauge, HTTP_METRICS, histogram } from '../../common/observability/index.js';

const RUN_STATUSES = ['completed', 'failed'] as const;

/**
 * Every metric the Spec Engine exposes on `/metrics` (besides prom-client's process metrics).
 * Registrations, `docs/metrics.md`, the alert and recording rules and the dashboard all read
 * this object; add a metric here first.
 */
export const specEngineCatalog = defineCatalog({
  service: 'spec-engine',
  // The Kubernetes Service of the engine's claim (`deepagents-runtime`) is the scrape job.
  job: 'deepagents-runtime',
  description: 'The Spec Engine: runs, their events and checkpoints, the job queue.',
  metrics: {
    ...HTTP_METRICS,
    runs: counter('spec_engine_runs_total', {
      help: 'Finished runs by outcome.',
      labels: ['status'],
      labelValues: { status: RUN_STATUSES },
    }),
    runDuration: histogram('spec_engine_run_duration_seconds', {
      help: 'Run duration by outcome.',
      labels: ['status'],
      labelValues: { status: RUN_STATUSES },
      buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900],
    }),
    runsActive: gauge('spec_engine_runs_active', { help: 'Runs executing in this process.', labels: [] }),
    runsWaiting: gauge('spec_engine_runs_waiting', {
      help: 'Runs waiting for a slot under the concurrency limit.',
      labels: [],
    }),
    runsQueued: gauge('spec_engine_runs_queued', {
      help: 'Runs accepted but not started yet, across all replicas (from the database at scrape time).',
      labels: [],
    }),
    events: counter('spec_engine_events_total', {
      help: 'Run events stored and published, by event type (unknown types as "other").',
      labels: ['event_type'],
      labelValues: { event_type: [...EVENT_TYPES, 'other'] },
    }),
    checkpoints: counter('spec_engine_checkpoints_total', {
      help: 'Agent checkpoints written to PostgreSQL.',
      labels: [],
    }),
    modelTokens: counter('spec_engine_model_tokens_total', {
      help: 'Tokens the model providers counted for finished calls, by provider, model and kind (input or output).',
      // Models come from SPEC_ENGINE_MODEL and the agent definitions: a small, configured set.
      labels: ['provider', 'model', 'kind'],
      labelValues: { provider: ['openai', 'anthropic', 'offline'], kind: ['input', 'output'] },
    }),
    checkpointDuration: histogram('spec_engine_checkpoint_write_duration_seconds', {
      help: 'Time to write one agent checkpoint.',
      labels: [],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    }),
  },
});
