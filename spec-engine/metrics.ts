import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Run metrics of the engine. */
export interface RunMetrics {
  finished(status: 'completed' | 'failed', seconds: number): void;
}

/** Registers `spec_engine_runs_total`, `spec_engine_run_duration_seconds` and the live gauges. */
export function createRunMetrics(
  registry: Registry,
  live: { active: () => number; waiting: () => number },
): RunMetrics {
  const total = new Counter({
    name: 'spec_engine_runs_total',
    help: 'Finished runs by outcome.',
    labelNames: ['status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'spec_engine_run_duration_seconds',
    help: 'Run duration by outcome.',
    labelNames: ['status'],
    buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900],
    registers: [registry],
  });
  new Gauge({
    name: 'spec_engine_runs_active',
    help: 'Runs executing in this process.',
    registers: [registry],
    collect() {
      this.set(live.active());
    },
  });
  new Gauge({
    name: 'spec_engine_runs_waiting',
    help: 'Runs waiting for a slot under the concurrency limit.',
    registers: [registry],
    collect() {
      this.set(live.waiting());
    },
  });
  return {
    finished(status, seconds) {
      total.inc({ status });
      duration.observe({ status }, seconds);
    },
  };
}
