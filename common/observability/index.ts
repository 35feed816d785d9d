export { createLogger, lazyChild } from './logger.js';
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
export {
  checkDashboard,
  dashboardQueries,
  quantileBy,
  RATE_INTERVAL,
  rateBy,
  toGrafanaJson,
} from './dashboard.js';
export type { Dashboard, DashboardRow, Panel, PanelQuery } from './dashboard.js';
export {
  checkRuleGroups,
  runbookAnchor,
  targetDownAlert,
  toRuleFileGroups,
  vocabularyWithRules,
} from './rules.js';
export type { AlertRule, PrometheusRuleJson, RecordingRule, RuleGroup, Severity } from './rules.js';
