export { createLogger, redactUrl } from './logger.js';
export type { Logger, LoggerOptions } from './logger.js';
export { createHttpMetrics, createMetricsRegistry } from './metrics.js';
export type { HttpMetrics } from './metrics.js';
