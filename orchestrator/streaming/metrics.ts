import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { EVENT_TYPES } from '../../common/events/index.js';
import type { BreakerState, EngineCallObservation } from '../services/spec-engine-client.js';

const KNOWN_EVENTS = new Set<string>(EVENT_TYPES);
const BREAKER_VALUES: Record<BreakerState, number> = { closed: 0, open: 1, half_open: 2, isolated: 3 };

/** The streaming half's Prometheus metrics; no label ever carries a thread, proposal or user id. */
export interface StreamingMetrics {
  readonly openSockets: Gauge;
  readonly upstreams: Gauge;
  /** Counts one relayed frame; unknown event types share the `other` label. */
  frameRelayed(direction: 'to_client' | 'to_engine', eventType: string | undefined): void;
  socketClosed(code: number): void;
  finalized(outcome: 'completed' | 'failed', seconds: number | undefined): void;
  cleanup(outcome: 'deleted' | 'already_gone' | 'retry'): void;
  engineCall(observation: EngineCallObservation): void;
  breaker(state: BreakerState): void;
}

/** Registers the streaming metrics on the service registry. */
export function createStreamingMetrics(registry: Registry): StreamingMetrics {
  const registers = [registry];
  const openSockets = new Gauge({
    name: 'orchestrator_websocket_connections',
    help: 'Open client WebSocket connections to /api/ws/refinements.',
    registers,
  });
  const upstreams = new Gauge({
    name: 'orchestrator_websocket_upstreams',
    help: 'Open upstream stream connections to the Spec Engine (proxy and finalizer).',
    registers,
  });
  const frames = new Counter({
    name: 'orchestrator_websocket_frames_relayed_total',
    help: 'Frames relayed by the WebSocket proxy, by direction and event type (unknown types as "other").',
    labelNames: ['direction', 'event_type'],
    registers,
  });
  const frameChildren = new Map<string, { inc(): void }>();
  const closes = new Counter({
    name: 'orchestrator_websocket_closes_total',
    help: 'Client WebSocket closes by close code.',
    labelNames: ['code'],
    registers,
  });
  const finalizedTotal = new Counter({
    name: 'orchestrator_proposals_finalized_total',
    help: 'Proposals finalized by the server-side finalizer, by outcome.',
    labelNames: ['outcome'],
    registers,
  });
  const duration = new Histogram({
    name: 'orchestrator_refinement_duration_seconds',
    help: 'Refinement duration from proposal creation to completed/failed.',
    labelNames: ['outcome'],
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1200, 3600],
    registers,
  });
  const cleanups = new Counter({
    name: 'orchestrator_cleanup_total',
    help: 'Engine thread cleanup attempts by outcome (deleted, already_gone, retry).',
    labelNames: ['outcome'],
    registers,
  });
  const engineRequests = new Counter({
    name: 'orchestrator_spec_engine_requests_total',
    help: 'Spec Engine calls by endpoint and result.',
    labelNames: ['endpoint', 'result'],
    registers,
  });
  const engineLatency = new Histogram({
    name: 'orchestrator_spec_engine_request_duration_seconds',
    help: 'Spec Engine call latency (retries included) by endpoint.',
    labelNames: ['endpoint'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const breakerGauge = new Gauge({
    name: 'orchestrator_spec_engine_breaker_state',
    help: 'Spec Engine circuit breaker: 0 closed, 1 open, 2 half-open, 3 isolated.',
    registers,
  });
  breakerGauge.set(0);
  return {
    openSockets,
    upstreams,
    frameRelayed(direction, eventType) {
      const label = eventType && KNOWN_EVENTS.has(eventType) ? eventType : 'other';
      // Bound children skip prom-client's per-call label hashing on this per-frame path.
      const key = `${direction}:${label}`;
      let child = frameChildren.get(key);
      if (!child) {
        child = frames.labels(direction, label);
        frameChildren.set(key, child);
      }
      child.inc();
    },
    socketClosed: (code) => closes.inc({ code: String(code) }),
    finalized(outcome, seconds) {
      finalizedTotal.inc({ outcome });
      if (seconds !== undefined) duration.observe({ outcome }, seconds);
    },
    cleanup: (outcome) => cleanups.inc({ outcome }),
    engineCall(o) {
      engineRequests.inc({ endpoint: o.endpoint, result: o.result });
      engineLatency.observe({ endpoint: o.endpoint }, o.seconds);
    },
    breaker: (state) => breakerGauge.set(BREAKER_VALUES[state]),
  };
}
