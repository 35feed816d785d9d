/**
 * The monitoring objects of our services, derived from their catalogs: a ServiceMonitor per
 * service, one PrometheusRule (recording and alerting rules) and a Grafana dashboard ConfigMap
 * per service (kube-prometheus-stack's sidecar loads ConfigMaps labelled `grafana_dashboard: "1"`).
 */
import {
  checkDashboard,
  checkRuleGroups,
  toGrafanaJson,
  toRuleFileGroups,
  vocabularyWithRules,
} from '../../common/observability/index.js';
import type { PlatformConfig } from '../config.js';
import { OBSERVED_SERVICES, type ObservedService } from './services.js';

/** One monitoring object as `zt synth` writes it. */
export interface Manifest extends Record<string, unknown> {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace: string;
    readonly labels: Record<string, string>;
    readonly annotations?: Record<string, string>;
  };
  readonly spec?: Record<string, unknown>;
  readonly data?: Record<string, string>;
}

/** Name of the PrometheusRule holding every rule group. */
export const PROMETHEUS_RULE_NAME = 'zerotouch';

const PART_OF = { 'app.kubernetes.io/part-of': 'zerotouch' };

/**
 * Throws naming every rule or panel that queries a metric or label no catalog declares (or a
 * series no recording rule records): a dashboard never shows a query that cannot return data.
 */
export function assertObservabilityConsistent(
  services: readonly ObservedService[] = OBSERVED_SERVICES,
): void {
  const catalogs = services.map((s) => s.catalog);
  const groups = services.flatMap((s) => s.rules);
  const vocabulary = vocabularyWithRules(groups, catalogs);
  const problems = [
    ...checkRuleGroups(groups, catalogs),
    ...services.flatMap((s) => checkDashboard(s.dashboard, vocabulary)),
  ];
  if (problems.length) throw new Error(`observability: ${problems.join('; ')}`);
}

/** The ServiceMonitor of one scrape job: the Service named like the job, port `http`, `/metrics`. */
function serviceMonitor(config: PlatformConfig, job: string): Manifest {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: {
      name: job,
      namespace: config.servicesNamespace,
      labels: { ...PART_OF, release: config.monitoring.release },
    },
    spec: {
      selector: { matchLabels: { 'app.kubernetes.io/name': job } },
      namespaceSelector: { matchNames: [config.servicesNamespace] },
      endpoints: [
        { port: 'http', path: '/metrics', scheme: 'http', interval: config.monitoring.scrapeInterval },
      ],
    },
  };
}

/** Every monitoring manifest, checked against the catalogs first. */
export function observabilityManifests(
  config: PlatformConfig,
  services: readonly ObservedService[] = OBSERVED_SERVICES,
): Manifest[] {
  assertObservabilityConsistent(services);
  const monitors = services.map((s) => serviceMonitor(config, s.catalog.job));
  const rule = {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: {
      name: PROMETHEUS_RULE_NAME,
      namespace: config.servicesNamespace,
      labels: { ...PART_OF, release: config.monitoring.release },
    },
    spec: { groups: shippedRuleGroups(config, services) },
  };
  const dashboards = services.map(
    ({ dashboard }): Manifest => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: `${dashboard.uid}-dashboard`,
        namespace: config.monitoring.namespace,
        labels: { ...PART_OF, grafana_dashboard: '1' },
        // The sidecar's folderAnnotation (kube-prometheus-stack: grafana_folder) groups them.
        annotations: { grafana_folder: 'zerotouch' },
      },
      data: { [`${dashboard.uid}.json`]: `${JSON.stringify(toGrafanaJson(dashboard), null, 2)}\n` },
    }),
  );
  return [...monitors, rule, ...dashboards];
}

/** The rule groups exactly as the PrometheusRule ships them (a Prometheus rule file's `groups`). */
export function shippedRuleGroups(
  config: PlatformConfig,
  services: readonly ObservedService[] = OBSERVED_SERVICES,
): ReturnType<typeof toRuleFileGroups> {
  return toRuleFileGroups(
    services.flatMap((s) => s.rules),
    config.monitoring.runbookBaseUrl,
  );
}
