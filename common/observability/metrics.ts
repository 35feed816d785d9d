import { collectDefaultMetrics, Registry } from 'prom-client';
import { counter, histogram, registerMetric } from './catalog.js';

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

/** Prefixes of prom-client's default process metrics (`collectDefaultMetrics`), kept out of the catalogs. */
export const DEFAULT_METRIC_PREFIXES = ['process_', 'nodejs_'] as const;

/** The HTTP server metrics both services expose; each service's catalog includes them. */
export const HTTP_METRICS = {
  httpRequests: counter('http_requests_total', {
    help: 'HTTP requests by method, route pattern and status code.',
    labels: ['method', 'route', 'status'],
  }),
  httpDuration: histogram('http_request_duration_seconds', {
    help: 'HTTP request latency by method and route pattern.',
    labels: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  }),
} as const;

/** HTTP server metrics recorded per matched route (never per concrete path). */
export interface HttpMetrics {
  observe(method: string, route: string, status: number, seconds: number): void;
}

/** Registers `http_requests_total` and `http_request_duration_seconds` on `registry`. */
export function createHttpMetrics(registry: Registry): HttpMetrics {
  const requests = registerMetric(registry, HTTP_METRICS.httpRequests);
  const duration = registerMetric(registry, HTTP_METRICS.httpDuration);
  return {
    observe(method, route, status, seconds) {
      requests.inc({ method, route, status: String(status) });
      duration.observe({ method, route }, seconds);
    },
  };
}
