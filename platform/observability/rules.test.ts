import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type PrometheusRuleJson, runbookAnchor } from '../../common/observability/index.js';
import { prometheusSkipReason, promtool, scratchDir } from '../../common/testing/prometheus.js';
import { ORCHESTRATOR_RECORDED } from '../../orchestrator/observability/index.js';
import { SPEC_ENGINE_RECORDED } from '../../spec-engine/observability/index.js';
import { defaultConfig } from '../config.js';
import { PROMETHEUS_RULE_NAME, shippedRuleGroups } from './manifests.js';
import { ALERT_CASES, type AlertScenario, type FiringScenario } from './testdata/alert-cases.js';

type Alert = Extract<PrometheusRuleJson, { alert: string }>;

/** The groups exactly as `zt synth` ships them in the PrometheusRule. */
const groups = shippedRuleGroups(defaultConfig);
const alerts = groups.flatMap((g) => g.rules).filter((r): r is Alert => 'alert' in r);

/** An annotation as Prometheus renders it for a scenario (the templates use labels and `$value` only). */
function rendered(template: string, scenario: FiringScenario, alert: string): string {
  return template
    .replace(/\{\{ \$labels\.(\w+) \}\}/g, (_m, label: string) => scenario.labels[label] ?? '')
    .replace(/\{\{ \$value[^}]*\}\}/g, () => {
      if (scenario.valueText === undefined) throw new Error(`${alert} '${scenario.reason}': give valueText`);
      return scenario.valueText;
    });
}

function inputSeries(scenario: AlertScenario) {
  return Object.entries(scenario.series).map(([series, values]) => ({ series, values }));
}

/** One promtool test per scenario: firing ones expect exactly the alert, quiet ones none. */
function alertTests() {
  return alerts.flatMap((rule) => {
    const cases = ALERT_CASES[rule.alert]!;
    const test = (scenario: AlertScenario, expected: unknown[]) => ({
      name: `${rule.alert}: ${scenario.reason}`,
      interval: '1m',
      input_series: inputSeries(scenario),
      alert_rule_test: [{ eval_time: scenario.at, alertname: rule.alert, exp_alerts: expected }],
    });
    return [
      ...cases.fires.map((s) =>
        test(s, [
          {
            exp_labels: s.labels,
            exp_annotations: Object.fromEntries(
              Object.entries(rule.annotations).map(([k, v]) => [k, rendered(v, s, rule.alert)]),
            ),
          },
        ]),
      ),
      ...cases.quiet.map((s) => test(s, [])),
    ];
  });
}

/** Recorded series that must be 0, not absent, when nothing fails (or alerts and panels go blind). */
function recordingTests() {
  return [
    {
      name: '5xx ratio is 0 without any 5xx',
      interval: '1m',
      input_series: [
        {
          series: 'http_requests_total{job="ide-orchestrator",method="GET",route="/api/x",status="200"}',
          values: '0+10x10',
        },
      ],
      promql_expr_test: [
        {
          expr: ORCHESTRATOR_RECORDED.errorRatio,
          eval_time: '10m',
          exp_samples: [{ labels: `${ORCHESTRATOR_RECORDED.errorRatio}{job="ide-orchestrator"}`, value: 0 }],
        },
      ],
    },
    {
      name: 'run failure ratio counts failed over all runs',
      interval: '1m',
      input_series: [
        { series: 'spec_engine_runs_total{job="deepagents-runtime",status="failed"}', values: '0+1x20' },
        { series: 'spec_engine_runs_total{job="deepagents-runtime",status="completed"}', values: '0+3x20' },
      ],
      promql_expr_test: [
        {
          expr: SPEC_ENGINE_RECORDED.failureRatio,
          eval_time: '20m',
          exp_samples: [
            { labels: `${SPEC_ENGINE_RECORDED.failureRatio}{job="deepagents-runtime"}`, value: 0.25 },
          ],
        },
      ],
    },
  ];
}

describe('the alert cases', () => {
  it('cover every alert with series that fire it and series that do not', () => {
    for (const { alert } of alerts) {
      expect(ALERT_CASES[alert]?.fires.length, alert).toBeGreaterThan(0);
      expect(ALERT_CASES[alert]?.quiet.length, alert).toBeGreaterThan(0);
    }
    expect(Object.keys(ALERT_CASES).sort()).toEqual(alerts.map((a) => a.alert).sort());
  });

  it('give each alert for, severity, summary, description and a runbook link', () => {
    for (const rule of alerts) {
      expect(rule.for, rule.alert).toMatch(/^\d+[smh]$/);
      expect(['critical', 'warning']).toContain(rule.labels.severity);
      expect(rule.annotations.summary.length, rule.alert).toBeGreaterThan(10);
      expect(rule.annotations.description.length, rule.alert).toBeGreaterThan(30);
      expect(rule.annotations.runbook_url).toBe(
        `${defaultConfig.monitoring.runbookBaseUrl}#${runbookAnchor(rule.alert)}`,
      );
    }
  });
});

describe.skipIf(prometheusSkipReason() !== '')('the PrometheusRule under promtool', () => {
  let scratch: Awaited<ReturnType<typeof scratchDir>>;
  beforeAll(async () => {
    scratch = await scratchDir('zt-rules-');
    await writeFile(path.join(scratch.dir, 'rules.yaml'), stringify({ groups }));
  });
  afterAll(async () => {
    await scratch?.remove();
  });

  it(`passes promtool check rules (${PROMETHEUS_RULE_NAME})`, async () => {
    const result = await promtool(['check', 'rules', 'rules.yaml'], scratch.dir);
    expect(result.output).toContain(`SUCCESS: ${groups.flatMap((g) => g.rules).length} rules found`);
    expect(result.code).toBe(0);
  });

  it('fires each alert for its firing series and stays quiet for the others (promtool test rules)', async () => {
    const tests = [...alertTests(), ...recordingTests()];
    await writeFile(
      path.join(scratch.dir, 'tests.yaml'),
      stringify({ rule_files: ['rules.yaml'], evaluation_interval: '1m', tests }),
    );
    const result = await promtool(['test', 'rules', 'tests.yaml'], scratch.dir);
    expect(result.output, result.output).toContain('SUCCESS');
    expect(result.code).toBe(0);
  }, 60_000);

  it('fails promtool test rules when a firing scenario is changed to expect silence', async () => {
    const [first] = alertTests();
    await writeFile(
      path.join(scratch.dir, 'broken.yaml'),
      stringify({
        rule_files: ['rules.yaml'],
        evaluation_interval: '1m',
        tests: [{ ...first, alert_rule_test: [{ ...first!.alert_rule_test[0], exp_alerts: [] }] }],
      }),
    );
    const result = await promtool(['test', 'rules', 'broken.yaml'], scratch.dir);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(alerts[0]!.alert);
  });
});
