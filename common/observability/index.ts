export { createLogger, redactUrl } from './logger.js';
export type { Logger, LoggerOptions } from './logger.js';
export {
  counter,
  defineCatalog,
  gauge,
  histogram,
  registerMetric,
  seriesNames,
} from './catalog.js';
export type { MetricKind, MetricSpec, MetricsCatalog, Registered, RegisterOptions } from './catalog.js';
export {
  createHttpMetrics,
  createMetricsRegistry,
  DEFAULT_METRIC_PREFIXES,
  HTTP_METRICS,
} from './metrics.js';
export type { HttpMetrics } from './metrics.js';
export { MetricVocabulary, promqlRefs, TARGET_LABELS } from './promql.js';
export type { PromqlRefs, SelectorRef } from './promql.js';
