import { EVENT_TYPES } from '../../common/events/index.js';
import { counter, defineCatalog, gauge, HTTP_METRICS, histogram } from '../../common/observability/index.js';

const ENGINE_ENDPOINTS = ['invoke', 'state', 'delete', 'stream'] as const;
const ENGINE_RESULTS = ['ok', 'not_found', 'rejected', 'failed', 'unavailable', 'breaker_open'] as const;

/**
 * Every metric the IDE Orchestrator exposes on `/metrics` (besides prom-client's process
 * metrics). Registrations, `docs/metrics.md`, the alert and recording rules and the dashboard
 * all read this object; add a metric here first.
 */
export const orchestratorCatalog = defineCatalog({
  service: 'ide-orchestrator',
  job: 'ide-orchestrator',
  description: 'The IDE Orchestrator: REST API, WebSocket proxy, finalizer and cleanup outbox.',
  metrics: {
    ...HTTP_METRICS,
    openSockets: gauge('orchestrator_websocket_connections', {
      help: 'Open client WebSocket connections to /api/ws/refinements.',
      labels: [],
    }),
    upstreams: gauge('orchestrator_websocket_upstreams', {
      help: 'Open upstream stream connections to the Spec Engine (proxy and finalizer).',
      labels: [],
    }),
    framesRelayed: counter('orchestrator_websocket_frames_relayed_total', {
      help: 'Frames relayed by the WebSocket proxy, by direction and event type (unknown types as "other").',
      labels: ['direction', 'event_type'],
      labelValues: { direction: ['to_client', 'to_engine'], event_type: [...EVENT_TYPES, 'other'] },
    }),
    socketCloses: counter('orchestrator_websocket_closes_total', {
      help: 'Client WebSocket closes by close code.',
      labels: ['code'],
    }),
    upstreamErrors: counter('orchestrator_websocket_upstream_errors_total', {
      help:
        'Spec Engine stream failures: dial_failed (a dial was refused or failed), dropped (closed without ' +
        'end, redialed), lost (given up: the readers got an error frame).',
      labels: ['reason'],
      labelValues: { reason: ['dial_failed', 'dropped', 'lost'] },
    }),
    proposalsFinalized: counter('orchestrator_proposals_finalized_total', {
      help: 'Proposals finalized by the server-side finalizer, by outcome.',
      labels: ['outcome'],
      labelValues: { outcome: ['completed', 'failed'] },
    }),
    refinementDuration: histogram('orchestrator_refinement_duration_seconds', {
      help: 'Refinement duration from proposal creation to completed/failed.',
      labels: ['outcome'],
      labelValues: { outcome: ['completed', 'failed'] },
      buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1200, 3600],
    }),
    proposalsProcessing: gauge('orchestrator_proposals_processing', {
      help: 'Proposals in status processing (all replicas: read from the database at scrape time).',
      labels: [],
    }),
    proposalsProcessingOldest: gauge('orchestrator_proposals_processing_oldest_seconds', {
      help: 'Age of the oldest proposal still processing, 0 when none (from the database).',
      labels: [],
    }),
    finalizerUnclaimedOldest: gauge('orchestrator_finalizer_unclaimed_oldest_seconds', {
      help:
        'How long the oldest processing proposal has gone without a live finalizer lease (never taken, ' +
        'or expired), 0 when every run is followed (from the database).',
      labels: [],
    }),
    cleanupBacklog: gauge('orchestrator_cleanup_backlog', {
      help: 'Engine thread cleanups waiting in the outbox (from the database).',
      labels: [],
    }),
    cleanupBacklogOldest: gauge('orchestrator_cleanup_backlog_oldest_seconds', {
      help: 'Age of the oldest pending cleanup since it was requested, 0 when none (from the database).',
      labels: [],
    }),
    cleanups: counter('orchestrator_cleanup_total', {
      help: 'Engine thread cleanup attempts by outcome (deleted, already_gone, retry).',
      labels: ['outcome'],
      labelValues: { outcome: ['deleted', 'already_gone', 'retry'] },
    }),
    engineRequests: counter('orchestrator_spec_engine_requests_total', {
      help: 'Spec Engine calls by endpoint and result.',
      labels: ['endpoint', 'result'],
      labelValues: { endpoint: ENGINE_ENDPOINTS, result: ENGINE_RESULTS },
    }),
    engineLatency: histogram('orchestrator_spec_engine_request_duration_seconds', {
      help: 'Spec Engine call latency (retries included) by endpoint.',
      labels: ['endpoint'],
      labelValues: { endpoint: ENGINE_ENDPOINTS },
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    }),
    breakerState: gauge('orchestrator_spec_engine_breaker_state', {
      help: 'Spec Engine circuit breaker: 0 closed, 1 open, 2 half-open, 3 isolated.',
      labels: [],
    }),
  },
});
