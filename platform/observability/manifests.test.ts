import { readFileSync } from 'node:fs';
import path from 'node:path';
import { App, type Chart } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { counter, defineCatalog, gauge } from '../../common/observability/index.js';
import { OurServicesChart } from '../charts/our-services.js';
import { defaultConfig, resolveConfig } from '../config.js';
import { compose } from '../testing/compositions.js';
import { repoRoot } from '../testing/shared-dir.js';
import { observabilityManifests } from './manifests.js';
import { renderMetricsDoc } from './metrics-doc.js';
import { OBSERVED_SERVICES, type ObservedService, RULE_GROUPS } from './services.js';

type Json = Record<string, unknown>;

const manifests = observabilityManifests(defaultConfig);
const ofKind = (kind: string) => manifests.filter((m) => m.kind === kind);

/** Our claims as `zt synth` writes them, composed as Crossplane would. */
function composedClaims(config = defaultConfig) {
  const chart = new OurServicesChart(new App(), 'our-services', config) as Chart;
  return chart.toJson().map((claim) => ({ claim: claim as Json, objects: compose(claim as Json) }));
}

describe('the monitoring manifests', () => {
  it('scrape each service through the Service and port its claim composes', () => {
    const monitors = ofKind('ServiceMonitor');
    expect(monitors.map((m) => m.metadata.name).sort()).toEqual(['deepagents-runtime', 'ide-orchestrator']);
    for (const { claim, objects } of composedClaims()) {
      const name = (claim.metadata as { name: string }).name;
      const monitor = monitors.find((m) => m.metadata.name === name)!;
      const service = objects.service as { metadata: { labels: Json }; spec: { ports: { name: string }[] } };
      expect(monitor.metadata.namespace).toBe(defaultConfig.servicesNamespace);
      expect(monitor.metadata.labels).toMatchObject({ release: defaultConfig.monitoring.release });
      const spec = monitor.spec as {
        selector: { matchLabels: Json };
        endpoints: { port: string; path: string }[];
      };
      expect(service.metadata.labels).toMatchObject(spec.selector.matchLabels);
      expect(service.spec.ports.map((p) => p.name)).toContain(spec.endpoints[0]!.port);
      expect(spec.endpoints[0]!.path).toBe('/metrics');
    }
  });

  it("admits the monitoring namespace's Prometheus to the engine's HTTP port, and only there", () => {
    const engine = composedClaims().find(
      (c) => (c.claim.metadata as { name: string }).name === 'deepagents-runtime',
    )!;
    const ingress = (engine.objects['network-policy']!.spec as { ingress: Json[] }).ingress;
    expect(ingress).toEqual([
      { from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ide-orchestrator' } } }] },
      {
        from: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
            podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
          },
        ],
        ports: [{ port: 8000 }],
      },
    ]);
  });

  it('follow a configured monitoring namespace: dashboards live there and the engine admits it', () => {
    const config = resolveConfig({ monitoring: { namespace: 'observability', release: 'prom' } }, {});
    const moved = observabilityManifests(config);
    for (const m of moved.filter((o) => o.kind === 'ConfigMap'))
      expect(m.metadata.namespace).toBe('observability');
    for (const m of moved.filter((o) => o.kind !== 'ConfigMap'))
      expect(m.metadata.labels?.release).toBe('prom');
    const engine = composedClaims(config).find(
      (c) => (c.claim.metadata as { name: string }).name === 'deepagents-runtime',
    )!;
    expect(JSON.stringify(engine.objects['network-policy']!.spec)).toContain(
      '"kubernetes.io/metadata.name":"observability"',
    );
  });

  it('ship one Grafana dashboard per service as a ConfigMap the sidecar loads', () => {
    const configMaps = ofKind('ConfigMap');
    expect(configMaps).toHaveLength(OBSERVED_SERVICES.length);
    for (const cm of configMaps) {
      expect(cm.metadata.namespace).toBe(defaultConfig.monitoring.namespace);
      expect(cm.metadata.labels).toMatchObject({ grafana_dashboard: '1' });
      const [file, text] = Object.entries(cm.data as Record<string, string>)[0]!;
      const dashboard = JSON.parse(text) as {
        uid: string;
        panels: { type: string; targets?: { expr: string }[] }[];
      };
      expect(file).toBe(`${dashboard.uid}.json`);
      const graphs = dashboard.panels.filter((p) => p.type !== 'row');
      expect(graphs.length).toBeGreaterThanOrEqual(8);
      for (const p of graphs) expect(p.targets?.length).toBeGreaterThan(0);
    }
  });

  it('hold every rule group in one PrometheusRule', () => {
    const [rule] = ofKind('PrometheusRule');
    const groups = (rule!.spec as { groups: { name: string }[] }).groups;
    expect(groups.map((g) => g.name)).toEqual(RULE_GROUPS.map((g) => g.name));
  });
});

describe('queries outside the catalogs', () => {
  const catalog = defineCatalog({
    service: 'demo',
    job: 'demo',
    description: 'A test service.',
    metrics: {
      jobs: counter('demo_jobs_total', { help: 'Jobs.', labels: ['kind'] }),
      depth: gauge('demo_depth', { help: 'Depth.', labels: [] }),
    },
  });
  const service = (expr: string, alertExpr = 'demo_depth > 10'): ObservedService => ({
    catalog,
    rules: [
      {
        name: 'demo',
        alerts: [
          {
            alert: 'DemoDeep',
            expr: alertExpr,
            for: '5m',
            severity: 'warning',
            summary: 'Deep queue',
            description: 'The demo queue is deep.',
          },
        ],
      },
    ],
    dashboard: {
      uid: 'demo',
      title: 'Demo',
      description: '',
      rows: [
        {
          title: 'r',
          panels: [{ title: 'Jobs', kind: 'timeseries', unit: 'ops', queries: [{ expr, legend: '' }] }],
        },
      ],
    },
  });

  it('fail synth when a panel queries a metric no catalog declares', () => {
    expect(() =>
      observabilityManifests(defaultConfig, [service('sum(rate(demo_jobs_done_total[5m]))')]),
    ).toThrow(
      "observability: dashboard 'demo', panel 'Jobs': metric 'demo_jobs_done_total' is not in any catalog",
    );
  });

  it('fail synth when a rule uses a label the metric does not have', () => {
    expect(() =>
      observabilityManifests(defaultConfig, [
        service('sum(rate(demo_jobs_total[5m]))', 'demo_depth{queue="a"} > 10'),
      ]),
    ).toThrow("observability: alert 'DemoDeep': metric 'demo_depth' has no label 'queue'");
  });

  it('accept queries that stay within the catalog', () => {
    expect(() =>
      observabilityManifests(defaultConfig, [service('sum by (kind) (rate(demo_jobs_total[5m]))')]),
    ).not.toThrow();
  });
});

describe('the generated docs', () => {
  it('docs/metrics.md matches the catalogs and rules (run `npm run generate:metrics`)', () => {
    expect(readFileSync(path.join(repoRoot, 'docs', 'metrics.md'), 'utf8')).toBe(renderMetricsDoc());
  });

  it('docs/runbooks.md has one section per alert, and none for alerts that do not exist', () => {
    const runbooks = readFileSync(path.join(repoRoot, 'docs', 'runbooks.md'), 'utf8');
    const sections = [...runbooks.matchAll(/^## (\S+)$/gm)].map((m) => m[1]);
    const alerts = RULE_GROUPS.flatMap((g) => g.alerts ?? []).map((a) => a.alert);
    expect(sections.sort()).toEqual([...alerts].sort());
  });
});
