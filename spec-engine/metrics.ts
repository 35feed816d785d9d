import type { Registry } from 'prom-client';
import { EVENT_TYPES } from '../common/events/index.js';
import { type Logger, registerMetric } from '../common/observability/index.js';
import type { ModelCallTarget } from './agent/model-errors.js';
import { specEngineCatalog } from './observability/catalog.js';
import type { TokenUsage } from './runs/model-calls.js';

const KNOWN_EVENTS = new Set<string>(EVENT_TYPES);

/** Run metrics of the engine. */
export interface RunMetrics {
  finished(status: 'completed' | 'failed', seconds: number): void;
  /** Counts one stored and published event. */
  event(eventType: string): void;
  /** Counts one checkpoint write and its duration. */
  checkpoint(seconds: number): void;
  /** Counts the tokens of one finished model call. */
  tokens(target: ModelCallTarget, usage: TokenUsage): void;
}

/** What the gauges read at scrape time. */
export interface LiveRuns {
  active(): number;
  waiting(): number;
  /** Runs `queued` in the database (all replicas). */
  queued(): Promise<number>;
}

/** Registers the catalog's run, event and checkpoint metrics and the live gauges. */
export function createRunMetrics(registry: Registry, live: LiveRuns, logger?: Logger): RunMetrics {
  const m = specEngineCatalog.metrics;
  const total = registerMetric(registry, m.runs);
  const duration = registerMetric(registry, m.runDuration);
  const events = registerMetric(registry, m.events);
  const checkpoints = registerMetric(registry, m.checkpoints);
  const checkpointDuration = registerMetric(registry, m.checkpointDuration);
  const modelTokens = registerMetric(registry, m.modelTokens);
  registerMetric(registry, m.runsActive, {
    collect() {
      this.set(live.active());
    },
  });
  registerMetric(registry, m.runsWaiting, {
    collect() {
      this.set(live.waiting());
    },
  });
  registerMetric(registry, m.runsQueued, {
    async collect() {
      // A database hiccup keeps the last value rather than failing the whole scrape.
      try {
        this.set(await live.queued());
      } catch (error) {
        logger?.warn({ err: error }, 'queued runs gauge: database read failed');
      }
    },
  });
  return {
    finished(status, seconds) {
      total.inc({ status });
      duration.observe({ status }, seconds);
    },
    event: (eventType) => events.inc({ event_type: KNOWN_EVENTS.has(eventType) ? eventType : 'other' }),
    checkpoint(seconds) {
      checkpoints.inc();
      checkpointDuration.observe(seconds);
    },
    tokens({ provider, model }, usage) {
      modelTokens.inc({ provider, model, kind: 'input' }, usage.input_tokens);
      modelTokens.inc({ provider, model, kind: 'output' }, usage.output_tokens);
    },
  };
}
