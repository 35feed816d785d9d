import { type RuleGroup, targetDownAlert } from '../../common/observability/index.js';
import { specEngineCatalog } from './catalog.js';

const m = specEngineCatalog.metrics;
const JOB = `job="${specEngineCatalog.job}"`;

/** Recorded series names, for the alerts and the dashboard. */
export const SPEC_ENGINE_RECORDED = {
  failureRatio: 'job:spec_engine_runs_failed:ratio_rate15m',
  runDurationP95: 'job_status:spec_engine_run_duration_seconds:p95_rate15m',
} as const;

const R = SPEC_ENGINE_RECORDED;

/** The Spec Engine's recording and alerting rules. */
export const specEngineRules: RuleGroup[] = [
  {
    name: 'spec-engine.recording',
    recordings: [
      {
        // Both statuses are exported from the start, so the ratio is 0 (not absent) without failures.
        record: R.failureRatio,
        expr:
          `sum by (job) (rate(${m.runs.name}{${JOB},status="failed"}[15m]))` +
          ` / sum by (job) (rate(${m.runs.name}{${JOB}}[15m]))`,
        keeps: ['job'],
      },
      {
        record: R.runDurationP95,
        expr: `histogram_quantile(0.95, sum by (job, status, le) (rate(${m.runDuration.name}_bucket{${JOB}}[15m])))`,
        keeps: ['job', 'status'],
      },
    ],
  },
  {
    name: 'spec-engine.alerts',
    alerts: [
      {
        alert: 'SpecEngineRunFailureRatioHigh',
        expr: `${R.failureRatio}{${JOB}} > 0.25 and on (job) sum by (job) (increase(${m.runs.name}{${JOB}}[15m])) >= 4`,
        for: '10m',
        severity: 'warning',
        summary: 'More than a quarter of Spec Engine runs fail',
        description:
          '{{ $value | humanizePercentage }} of the runs finished in the last 15 minutes failed (at least 4 ' +
          'runs). Users get failed proposals instead of refinements.',
      },
      targetDownAlert(specEngineCatalog, 'SpecEngineTargetDown'),
    ],
  },
];
