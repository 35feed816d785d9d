import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_METRIC_PREFIXES,
  dashboardQueries,
  RATE_INTERVAL,
  seriesNames,
} from '../common/observability/index.js';
import { prometheusSkipReason, startPrometheus, type TestPrometheus } from '../common/testing/prometheus.js';
import { defaultConfig } from '../platform/config.js';
import { OBSERVED_SERVICES, shippedRuleGroups } from '../platform/observability/index.js';
import { type ApiClient, apiClient, waitFor } from './support/http.js';
import { createSeededWorkflow, startRefinement, waitSettled } from './support/refinement.js';
import { type E2eServices, startE2eServices } from './support/services.js';
import { readStream } from './support/ws-client.js';

/** The rule groups exactly as `zt synth` ships them. */
const ruleGroups = shippedRuleGroups(defaultConfig);
const recorded = ruleGroups.flatMap((g) => g.rules.flatMap((r) => ('record' in r ? [r.record] : [])));
/** Every dashboard query, with Grafana's rate window replaced by one that spans a few 1 s scrapes. */
const panelQueries = OBSERVED_SERVICES.flatMap(({ dashboard }) =>
  dashboardQueries(dashboard).map((q) => ({
    name: `${dashboard.uid} / ${q.panel}: ${q.expr}`,
    expr: q.expr.replaceAll(RATE_INTERVAL, '30s'),
  })),
);

/** Metric families a `/metrics` page declares (`# TYPE name kind`), expanded to the series names. */
function exposedSeries(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const [, name, kind] = /^# TYPE (\S+) (\S+)$/.exec(line) ?? [];
    if (!name || DEFAULT_METRIC_PREFIXES.some((p) => name.startsWith(p))) continue;
    if (kind === 'histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(`${name}${s}`);
    else names.add(name);
  }
  return names;
}

describe.skipIf(prometheusSkipReason() !== '')('a real Prometheus scraping the local stack', () => {
  let services: E2eServices;
  let prometheus: TestPrometheus;
  let alice: ApiClient;

  beforeAll(async () => {
    services = await startE2eServices({ name: 'observability' });
    alice = apiClient(services.orchestratorUrl, await services.tokenFor('alice'));
    prometheus = await startPrometheus({
      // The jobs and the namespace label are what the ServiceMonitors give the targets in a cluster.
      targets: OBSERVED_SERVICES.map(({ catalog }) => ({
        job: catalog.job,
        address: new URL(catalog.job === 'ide-orchestrator' ? services.orchestratorUrl : services.engineUrl)
          .host,
        labels: { namespace: defaultConfig.servicesNamespace },
      })),
      ruleGroups,
    });
  }, 120_000);
  afterAll(async () => {
    await prometheus?.stop();
    await services?.stop();
  });

  it('exposes exactly the catalog metrics on each /metrics', async () => {
    for (const { catalog } of OBSERVED_SERVICES) {
      const url = catalog.job === 'ide-orchestrator' ? services.orchestratorUrl : services.engineUrl;
      const text = await (await fetch(`${url}/metrics`)).text();
      const declared = new Set(Object.values(catalog.metrics).flatMap(seriesNames));
      expect([...exposedSeries(text)].sort(), catalog.service).toEqual([...declared].sort());
    }
  });

  it('answers every dashboard query and every recording rule with data after a refinement', async () => {
    const workflowId = await createSeededWorkflow(alice, 'observed');
    const started = await startRefinement(alice, workflowId, 'Add a retry policy for failed sends.');
    // Watched live over the orchestrator's socket, as the console does.
    const stream = await readStream(services.wsUrl(started.thread_id), {
      token: await services.tokenFor('alice'),
    });
    expect(stream.closeCode).toBe(1000);
    expect(stream.frames.at(-1)?.event_type).toBe('end');
    expect((await waitSettled(alice, started.proposal_id)).status).toBe('completed');
    const approved = await alice.post(`/api/proposals/${started.proposal_id}/approve`, {});
    expect(approved.status).toBe(200);

    // Both targets up, and the cleanup of the approved run's thread counted.
    await waitFor(
      'both targets up and the cleanup scraped',
      async () => ({
        up: await prometheus.query('up == 1'),
        deleted: await prometheus.query('orchestrator_cleanup_total{outcome="deleted"} > 0'),
      }),
      (r) => r.up.length === 2 && r.deleted.length === 1,
      30_000,
    );
    const empty = async () => {
      const missing: string[] = [];
      for (const q of [...panelQueries, ...recorded.map((r) => ({ name: `recorded ${r}`, expr: r }))]) {
        if ((await prometheus.query(q.expr)).length === 0) missing.push(q.name);
      }
      return missing;
    };
    // Recording rules run every second; give them a few evaluations after the scrapes.
    const missing = await waitFor('every query to return data', empty, (m) => m.length === 0, 30_000).catch(
      () => empty(),
    );
    expect(missing).toEqual([]);
    expect(panelQueries.length).toBeGreaterThan(20);
    expect(recorded.length).toBeGreaterThan(5);

    // What the refinement did shows up as the dashboards would show it.
    const value = async (expr: string) => Number((await prometheus.query(expr))[0]?.value[1]);
    expect(await value('sum(orchestrator_proposals_finalized_total{outcome="completed"})')).toBe(1);
    expect(await value('sum(spec_engine_runs_total{status="completed"})')).toBe(1);
    expect(await value('sum(spec_engine_checkpoints_total)')).toBeGreaterThan(0);
    expect(await value('sum(spec_engine_events_total{event_type="end"})')).toBe(1);
    expect(await value('max(orchestrator_proposals_processing)')).toBe(0);
    expect(await value('job:http_requests_5xx:ratio_rate5m')).toBe(0);
    expect(await value('sum(orchestrator_websocket_closes_total{code="1000"})')).toBe(1);
  }, 150_000);
});
