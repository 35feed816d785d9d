import type { Gauge, Registry } from 'prom-client';
import { registerMetric } from '../../common/observability/index.js';
import { orchestratorCatalog } from './catalog.js';
import type { BreakerState, EngineCallObservation } from '../engine/spec-engine-client.js';
import { EVENT_KINDS } from '../engine/envelope-scan.js';
import type { UpstreamErrorReason } from '../engine/stream.js';

const BREAKER_VALUES: Record<BreakerState, number> = { closed: 0, open: 1, half_open: 2, isolated: 3 };

/**
 * The orchestrator's own Prometheus metrics (streams, finalizer, cleanup, engine calls); no label
 * ever carries a thread, proposal or user id.
 */
export interface OrchestratorMetrics {
  readonly openSockets: Gauge;
  readonly upstreams: Gauge;
  /**
   * Counts one frame relayed to a browser by its kind (index into `EVENT_KINDS`: unknown event
   * types share `other`). A plain array increment: the counter gets the sums at scrape time.
   */
  frameToClient(kind: number): void;
  /** Counts one client frame forwarded to the engine (event type `other`). */
  frameToEngine(): void;
  socketClosed(code: number): void;
  /** Counts one engine stream failure (see `orchestrator_websocket_upstream_errors_total`). */
  upstreamError(reason: UpstreamErrorReason): void;
  finalized(outcome: 'completed' | 'failed', seconds: number | undefined): void;
  cleanup(outcome: 'deleted' | 'already_gone' | 'retry'): void;
  engineCall(observation: EngineCallObservation): void;
  breaker(state: BreakerState): void;
}

/** Registers the orchestrator metrics of the catalog on the service registry. */
export function createOrchestratorMetrics(registry: Registry): OrchestratorMetrics {
  const m = orchestratorCatalog.metrics;
  const openSockets = registerMetric(registry, m.openSockets);
  const upstreams = registerMetric(registry, m.upstreams);
  // Per-frame counting must not hash labels: plain numbers, added to the counter when scraped.
  const toClient = new Float64Array(EVENT_KINDS.length);
  let toEngine = 0;
  registerMetric(registry, m.framesRelayed, {
    collect() {
      for (let kind = 0; kind < toClient.length; kind += 1) {
        const count = toClient[kind] as number;
        if (count === 0) continue;
        this.inc({ direction: 'to_client', event_type: EVENT_KINDS[kind] }, count);
        toClient[kind] = 0;
      }
      if (toEngine > 0) this.inc({ direction: 'to_engine', event_type: 'other' }, toEngine);
      toEngine = 0;
    },
  });
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
    frameToClient(kind) {
      toClient[kind] = (toClient[kind] as number) + 1;
    },
    frameToEngine() {
      toEngine += 1;
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
