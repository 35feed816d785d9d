import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * A Prometheus registry for one service with the process metrics. Each app instance
 * gets its own registry so that several instances (tests, the local stack) never clash.
 */
export function createMetricsRegistry(service: string, withDefaults = true): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (withDefaults) collectDefaultMetrics({ register: registry });
  return registry;
}

/** HTTP server metrics recorded per matched route (never per concrete path). */
export interface HttpMetrics {
  observe(method: string, route: string, status: number, seconds: number): void;
}

/** Registers `http_requests_total` and `http_request_duration_seconds` on `registry`. */
export function createHttpMetrics(registry: Registry): HttpMetrics {
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method and route pattern.',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return {
    observe(method, route, status, seconds) {
      requests.inc({ method, route, status: String(status) });
      duration.observe({ method, route }, seconds);
    },
  };
}
