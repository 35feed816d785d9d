import { describe, expect, it } from 'vitest';
import { counter, defineCatalog, histogram } from './catalog.js';
import { MetricVocabulary, promqlRefs } from './promql.js';

const catalog = defineCatalog({
  service: 'demo',
  job: 'demo',
  description: 'A test service.',
  metrics: {
    jobs: counter('demo_jobs_total', { help: 'Jobs.', labels: ['kind', 'status'] }),
    latency: histogram('demo_latency_seconds', { help: 'Latency.', labels: ['kind'], buckets: [0.1, 1] }),
  },
});

describe('promqlRefs', () => {
  const cases: Record<string, { expr: string; want: ReturnType<typeof promqlRefs> }> = {
    'a bare selector': {
      expr: 'up',
      want: { selectors: [{ metric: 'up', labels: [] }], groupingLabels: [] },
    },
    'matchers of every operator, values with braces and commas ignored': {
      expr: 'demo_jobs_total{kind="a,b}", status!~"5..",job=~\'x\'}',
      want: {
        selectors: [{ metric: 'demo_jobs_total', labels: ['kind', 'status', 'job'] }],
        groupingLabels: [],
      },
    },
    'aggregations with by before and after, functions, ranges and offsets': {
      expr: 'sum by (kind) (rate(demo_jobs_total[5m] offset 1h)) / sum(rate(demo_jobs_total[$__rate_interval])) without (status)',
      want: {
        selectors: [
          { metric: 'demo_jobs_total', labels: [] },
          { metric: 'demo_jobs_total', labels: [] },
        ],
        groupingLabels: ['kind', 'status'],
      },
    },
    'vector matching, bool, numbers and durations': {
      expr: 'a:rec > bool 1e-3 and on (job) group_left (kind) b_total * 0.5',
      want: {
        selectors: [
          { metric: 'a:rec', labels: [] },
          { metric: 'b_total', labels: [] },
        ],
        groupingLabels: ['job', 'kind'],
      },
    },
    'histogram_quantile over a bucket series': {
      expr: 'histogram_quantile(0.95, sum by (le) (rate(demo_latency_seconds_bucket{kind="x"}[5m])))',
      want: {
        selectors: [{ metric: 'demo_latency_seconds_bucket', labels: ['kind'] }],
        groupingLabels: ['le'],
      },
    },
  };
  it.each(Object.entries(cases))('reads %s', (_reason, { expr, want }) => {
    expect(promqlRefs(expr)).toEqual(want);
  });

  it('refuses a selector without a metric name', () => {
    expect(() => promqlRefs('{__name__="x"}')).toThrow('selector without a metric name at offset 0');
  });
});

describe('MetricVocabulary', () => {
  const vocabulary = new MetricVocabulary([catalog]);
  const cases: Record<string, { expr: string; want: string[] }> = {
    'catalog metrics with their labels and target labels': {
      expr: 'sum by (job, kind) (rate(demo_jobs_total{status="ok",namespace="x"}[5m]))',
      want: [],
    },
    "a histogram's series and le": {
      expr: 'histogram_quantile(0.9, sum by (le) (rate(demo_latency_seconds_bucket[5m]))) + demo_latency_seconds_count',
      want: [],
    },
    'a metric no catalog has': {
      expr: 'rate(demo_jobz_total[5m])',
      want: ["metric 'demo_jobz_total' is not in any catalog"],
    },
    'a histogram used by its bare name': {
      expr: 'demo_latency_seconds',
      want: ["metric 'demo_latency_seconds' is not in any catalog"],
    },
    'a label the metric lacks': {
      expr: 'demo_jobs_total{route="/"}',
      want: ["metric 'demo_jobs_total' has no label 'route'"],
    },
    'le on a non-bucket series': {
      expr: 'demo_latency_seconds_count{le="1"}',
      want: ["metric 'demo_latency_seconds_count' has no label 'le'"],
    },
    'a grouping label no metric has': {
      expr: 'sum by (route) (demo_jobs_total)',
      want: ["no metric of the expression has the label 'route'"],
    },
    'an expression without a metric': { expr: 'vector(1)', want: ['the expression selects no metric'] },
  };
  it.each(Object.entries(cases))('checks %s', (_reason, { expr, want }) => {
    expect(vocabulary.check(expr)).toEqual(want);
  });

  it('knows a recorded series once it is added, with the labels it keeps', () => {
    const v = new MetricVocabulary([catalog]);
    expect(v.check('kind:demo_jobs:rate5m')).toEqual([
      "metric 'kind:demo_jobs:rate5m' is not in any catalog",
    ]);
    v.addRecorded('kind:demo_jobs:rate5m', ['kind']);
    expect(v.check('kind:demo_jobs:rate5m{kind="a"}')).toEqual([]);
    expect(v.check('kind:demo_jobs:rate5m{status="a"}')).toEqual([
      "metric 'kind:demo_jobs:rate5m' has no label 'status'",
    ]);
  });
});
