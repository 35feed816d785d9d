/**
 * The services Prometheus watches: each one's catalog, rules and dashboard, declared beside the
 * service. Everything `zt synth`, `docs/metrics.md` and the Prometheus tests derive reads this list.
 */
import type { Dashboard, MetricsCatalog, RuleGroup } from '../../common/observability/index.js';
import {
  orchestratorCatalog,
  orchestratorDashboard,
  orchestratorRules,
} from '../../orchestrator/observability/index.js';
import {
  specEngineCatalog,
  specEngineDashboard,
  specEngineRules,
} from '../../spec-engine/observability/index.js';

/** One observed service. */
export interface ObservedService {
  readonly catalog: MetricsCatalog;
  readonly rules: readonly RuleGroup[];
  readonly dashboard: Dashboard;
}

/** Our two services, in a stable order. */
export const OBSERVED_SERVICES: readonly ObservedService[] = [
  { catalog: orchestratorCatalog, rules: orchestratorRules, dashboard: orchestratorDashboard },
  { catalog: specEngineCatalog, rules: specEngineRules, dashboard: specEngineDashboard },
];

/** Every rule group, in the order they are evaluated and emitted. */
export const RULE_GROUPS: readonly RuleGroup[] = OBSERVED_SERVICES.flatMap((s) => s.rules);
