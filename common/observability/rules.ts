import type { MetricsCatalog } from './catalog.js';
import { MetricVocabulary } from './promql.js';

/** How urgent an alert is: `critical` pages someone, `warning` opens a ticket. */
export type Severity = 'critical' | 'warning';

/** A Prometheus alerting rule with everything an on-call person needs. */
export interface AlertRule {
  /** PascalCase name; its runbook section in `docs/runbooks.md` has the same heading. */
  readonly alert: string;
  readonly expr: string;
  /** How long `expr` must hold before the alert fires (Prometheus duration). */
  readonly for: string;
  readonly severity: Severity;
  /** One line; may use `{{ $labels.x }}` and `{{ $value }}`. */
  readonly summary: string;
  readonly description: string;
}

/** A recording rule: `record` is computed from `expr` at every evaluation. */
export interface RecordingRule {
  /** `level:metric:operations`, the Prometheus naming convention. */
  readonly record: string;
  readonly expr: string;
  /** Labels the recorded series keeps (what `expr` aggregates `by`), checked against later uses. */
  readonly keeps: readonly string[];
}

/** A named group of rules, evaluated together. */
export interface RuleGroup {
  readonly name: string;
  /** Evaluation interval. @default the Prometheus global one */
  readonly interval?: string;
  readonly recordings?: readonly RecordingRule[];
  readonly alerts?: readonly AlertRule[];
}

/** A Prometheus rule as it appears in a rule file and in a `PrometheusRule` spec. */
export type PrometheusRuleJson =
  | { record: string; expr: string }
  | {
      alert: string;
      expr: string;
      for: string;
      labels: { severity: Severity };
      annotations: { summary: string; description: string; runbook_url: string };
    };

/** The anchor of an alert's section in `docs/runbooks.md` (GitHub's heading slug). */
export function runbookAnchor(alert: string): string {
  return alert.toLowerCase();
}

/**
 * The groups in Prometheus rule-file form (`groups:` of a rule file, `spec.groups` of a
 * PrometheusRule), each alert linked to `${runbookBaseUrl}#<alert>`.
 */
export function toRuleFileGroups(groups: readonly RuleGroup[], runbookBaseUrl: string) {
  return groups.map((group) => ({
    name: group.name,
    ...(group.interval ? { interval: group.interval } : {}),
    rules: [
      ...(group.recordings ?? []).map((r): PrometheusRuleJson => ({ record: r.record, expr: r.expr })),
      ...(group.alerts ?? []).map(
        (a): PrometheusRuleJson => ({
          alert: a.alert,
          expr: a.expr,
          for: a.for,
          labels: { severity: a.severity },
          annotations: {
            summary: a.summary,
            description: a.description,
            runbook_url: `${runbookBaseUrl}#${runbookAnchor(a.alert)}`,
          },
        }),
      ),
    ],
  }));
}

const DURATION = /^([0-9]+(ms|s|m|h|d|w|y))+$/;

/**
 * The problems of a rule set against the catalogs: a metric or label no catalog declares, a
 * recorded series used before it is recorded, a duplicate name, a missing `for`. Empty when valid.
 */
export function checkRuleGroups(groups: readonly RuleGroup[], catalogs: readonly MetricsCatalog[]): string[] {
  const vocabulary = new MetricVocabulary(catalogs);
  const problems: string[] = [];
  const names = new Set<string>();
  for (const group of groups) {
    for (const r of group.recordings ?? []) {
      for (const p of vocabulary.check(r.expr)) problems.push(`recording rule '${r.record}': ${p}`);
      if (vocabulary.has(r.record)) problems.push(`recording rule '${r.record}': the series already exists`);
      vocabulary.addRecorded(r.record, r.keeps);
    }
    for (const a of group.alerts ?? []) {
      for (const p of vocabulary.check(a.expr)) problems.push(`alert '${a.alert}': ${p}`);
      if (names.has(a.alert)) problems.push(`alert '${a.alert}': declared twice`);
      names.add(a.alert);
      if (!DURATION.test(a.for)) problems.push(`alert '${a.alert}': 'for' (${a.for}) is not a duration`);
      if (!a.summary.trim() || !a.description.trim())
        problems.push(`alert '${a.alert}': summary and description are required`);
    }
  }
  return problems;
}

/** The vocabulary after the rule groups: catalogs plus every recorded series (what panels may use). */
export function vocabularyWithRules(
  groups: readonly RuleGroup[],
  catalogs: readonly MetricsCatalog[],
): MetricVocabulary {
  const vocabulary = new MetricVocabulary(catalogs);
  for (const group of groups)
    for (const r of group.recordings ?? []) vocabulary.addRecorded(r.record, r.keeps);
  return vocabulary;
}

/** A `<Service>TargetDown` alert for a catalog's scrape job. */
export function targetDownAlert(catalog: MetricsCatalog, alert: string): AlertRule {
  return {
    alert,
    expr: `up{job="${catalog.job}"} == 0`,
    for: '5m',
    severity: 'critical',
    summary: `Prometheus cannot scrape ${catalog.service} ({{ $labels.instance }})`,
    description:
      `The ${catalog.job} target {{ $labels.instance }} in {{ $labels.namespace }} has failed every scrape ` +
      'for 5 minutes: the pod is down, not ready to serve /metrics, or the network policy blocks the scraper.',
  };
}
