import type { Gauge, Registry } from 'prom-client';
import { registerMetric } from '../../common/observability/index.js';
import { EVENT_TYPES } from '../../common/events/index.js';
import { orchestratorCatalog } from '../observability/catalog.js';
import type { BreakerState, EngineCallObservation } from '../services/spec-engine-client.js';

const KNOWN_EVENTS = new Set<string>(EVENT_TYPES);
const BREAKER_VALUES: Record<BreakerState, number> = { closed: 0, open: 1, half_open: 2, isolated: 3 };

/** Why an engine stream failed: a refused dial, a drop without `end` (redialed), or given up. */
export type UpstreamErrorReason = 'dial_failed' | 'dropped' | 'lost';

/** The streaming half's Prometheus metrics; no label ever carries a thread, proposal or user id. */
export interface StreamingMetrics {
  readonly openSockets: Gauge;
  readonly upstreams: Gauge;
  /** Counts one relayed frame; unknown event types share the `other` label. */
  frameRelayed(direction: 'to_client' | 'to_engine', eventType: string | undefined): void;
  socketClosed(code: number): void;
  /** Counts one engine stream failure (see `orchestrator_websocket_upstream_errors_total`). */
  upstreamError(reason: UpstreamErrorReason): void;
  finalized(outcome: 'completed' | 'failed', seconds: number | undefined): void;
  cleanup(outcome: 'deleted' | 'already_gone' | 'retry'): void;
  engineCall(observation: EngineCallObservation): void;
  breaker(state: BreakerState): void;
}

/** Registers the streaming metrics of the catalog on the service registry. */
export function createStreamingMetrics(registry: Registry): StreamingMetrics {
  const m = orchestratorCatalog.metrics;
  const openSockets = registerMetric(registry, m.openSockets);
  const upstreams = registerMetric(registry, m.upstreams);
  const frames = registerMetric(registry, m.framesRelayed);
  const frameChildren = new Map<string, { inc(): void }>();
  const closes = registerMetric(registry, m.socketCloses);
  const upstreamErrors = registerMetric(registry, m.upstreamErrors);
  const finalizedTotal = registerMetric(registry, m.proposalsFinalized);
  const duration = registerMetric(registry, m.refinementDuration);
  const cleanups = registerMetric(registry, m.cleanups);
  const engineRequests = registerMetric(registry, m.engineRequests);
  const engineLatency = registerMetric(registry, m.engineLatency);
  const breakerGauge = registerMetric(registry, m.breakerState);
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
    upstreamError: (reason) => upstreamErrors.inc({ reason }),
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
