export { renderMetricsDoc } from './metrics-doc.js';
export {
  assertObservabilityConsistent,
  observabilityManifests,
  PROMETHEUS_RULE_NAME,
  shippedRuleGroups,
} from './manifests.js';
export type { Manifest } from './manifests.js';
export { OBSERVED_SERVICES, RULE_GROUPS } from './services.js';
export type { ObservedService } from './services.js';
