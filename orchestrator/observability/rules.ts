import { type RuleGroup, targetDownAlert } from '../../common/observability/index.js';
import { orchestratorCatalog } from './catalog.js';

const m = orchestratorCatalog.metrics;
const JOB = `job="${orchestratorCatalog.job}"`;
/** The REST API: sockets are long-lived by design and stay out of the latency objective. */
const API = `${JOB},route=~"/api/.*",route!~"/api/ws/.*"`;

/** The latency objective: 99% of API requests answer within 500 ms (a bucket bound of the histogram). */
export const LATENCY_SLO = { threshold: '0.5', target: 0.99 } as const;
const BUDGET = Number((1 - LATENCY_SLO.target).toFixed(4));
/** `rate` × budget as a percentage for descriptions (14.4 × 1% → 14.4). */
const burnPercent = (rate: number) => Math.round(rate * BUDGET * 1000) / 10;

/** Windows of the multi-window burn rate alerts (Google SRE workbook, chapter 5). */
const SLO_WINDOWS = ['5m', '30m', '1h', '6h'] as const;

/** Recorded series names, for the alerts and the dashboard. */
export const ORCHESTRATOR_RECORDED = {
  requestRate: 'job:http_requests:rate5m',
  errorRatio: 'job:http_requests_5xx:ratio_rate5m',
  latencyP95: 'job_route:http_request_duration_seconds:p95_rate5m',
  sloMisses: (window: (typeof SLO_WINDOWS)[number]) => `job:api_latency_slo_misses:ratio_rate${window}`,
} as const;

const R = ORCHESTRATOR_RECORDED;
const requests = (selector: string, window = '5m') =>
  `sum by (job) (rate(${m.httpRequests.name}{${selector}}[${window}]))`;

/** The orchestrator's recording and alerting rules. */
export const orchestratorRules: RuleGroup[] = [
  {
    name: 'ide-orchestrator.recording',
    recordings: [
      { record: R.requestRate, expr: requests(JOB), keeps: ['job'] },
      {
        // `or … * 0` keeps the ratio at 0 (not absent) while there are no 5xx at all.
        record: R.errorRatio,
        expr: `(${requests(`${JOB},status=~"5.."`)} or ${requests(JOB)} * 0) / ${requests(JOB)}`,
        keeps: ['job'],
      },
      {
        record: R.latencyP95,
        expr: `histogram_quantile(0.95, sum by (job, route, le) (rate(${m.httpDuration.name}_bucket{${JOB}}[5m])))`,
        keeps: ['job', 'route'],
      },
      ...SLO_WINDOWS.map((window) => ({
        record: R.sloMisses(window),
        expr:
          `1 - sum by (job) (rate(${m.httpDuration.name}_bucket{${API},le="${LATENCY_SLO.threshold}"}[${window}]))` +
          ` / sum by (job) (rate(${m.httpDuration.name}_count{${API}}[${window}]))`,
        keeps: ['job'],
      })),
    ],
  },
  {
    name: 'ide-orchestrator.alerts',
    alerts: [
      {
        alert: 'OrchestratorHighErrorRate',
        expr: `${R.errorRatio}{${JOB}} > 0.05`,
        for: '5m',
        severity: 'critical',
        summary: 'More than 5% of IDE Orchestrator requests fail with 5xx',
        description:
          '{{ $value | humanizePercentage }} of requests answered 5xx over the last 5 minutes. Users see errors ' +
          'on every screen that uses the failing routes.',
      },
      {
        alert: 'OrchestratorApiLatencyBudgetBurnFast',
        expr: `${R.sloMisses('1h')}{${JOB}} > (14.4 * ${BUDGET}) and ${R.sloMisses('5m')}{${JOB}} > (14.4 * ${BUDGET})`,
        for: '2m',
        severity: 'critical',
        summary: 'The API latency error budget burns 14x too fast',
        description:
          `More than ${burnPercent(14.4)}% of API requests took longer than ${LATENCY_SLO.threshold} s over the ` +
          'last hour and the last 5 minutes: at this pace the 30-day budget is gone in about 2 days.',
      },
      {
        alert: 'OrchestratorApiLatencyBudgetBurnSlow',
        expr: `${R.sloMisses('6h')}{${JOB}} > (6 * ${BUDGET}) and ${R.sloMisses('30m')}{${JOB}} > (6 * ${BUDGET})`,
        for: '15m',
        severity: 'warning',
        summary: 'The API latency error budget burns 6x too fast',
        description:
          `More than ${burnPercent(6)}% of API requests took longer than ${LATENCY_SLO.threshold} s over the last ` +
          '6 hours and the last 30 minutes: at this pace the 30-day budget is gone in 5 days.',
      },
      {
        alert: 'OrchestratorSpecEngineUnavailable',
        expr:
          `max by (job) (${m.breakerState.name}{${JOB}}) == 1` +
          ` or sum by (job) (rate(${m.engineRequests.name}{${JOB},result=~"unavailable|breaker_open"}[5m]))` +
          ` / sum by (job) (rate(${m.engineRequests.name}{${JOB}}[5m])) > 0.5`,
        for: '2m',
        severity: 'critical',
        summary: 'The Spec Engine is unreachable or its circuit breaker is open',
        description:
          'The orchestrator cannot reach the Spec Engine (breaker open, or most calls unavailable for 2 ' +
          'minutes). New refinements are refused with 503; runs in flight are finalized once it is back.',
      },
      {
        alert: 'OrchestratorProposalsStuckProcessing',
        expr: `max by (job) (${m.proposalsProcessingOldest.name}{${JOB}}) > 3600`,
        for: '15m',
        severity: 'warning',
        summary: 'A proposal has been processing for more than an hour',
        description:
          'The oldest processing proposal is {{ $value | humanizeDuration }} old. The sweeper reconciles ' +
          'proposals after 30 minutes from the engine state; one still processing is stuck or its run hangs.',
      },
      {
        alert: 'OrchestratorFinalizerLagging',
        expr: `max by (job) (${m.finalizerUnclaimedOldest.name}{${JOB}}) > 180`,
        for: '5m',
        severity: 'warning',
        summary: 'Runs are not followed by any finalizer',
        description:
          'A processing proposal has had no live finalizer lease for {{ $value | humanizeDuration }}: no replica ' +
          'reads its run, so its result is not saved until one does.',
      },
      {
        alert: 'OrchestratorCleanupBacklogStale',
        expr: `max by (job) (${m.cleanupBacklogOldest.name}{${JOB}}) > 3600`,
        for: '15m',
        severity: 'warning',
        summary: 'Engine thread cleanups have waited for more than an hour',
        description:
          'The oldest pending cleanup was requested {{ $value | humanizeDuration }} ago; checkpoints of ' +
          'finished runs pile up in the Spec Engine database while the DELETEs fail.',
      },
      {
        alert: 'OrchestratorWebSocketUpstreamErrors',
        expr: `sum by (job) (increase(${m.upstreamErrors.name}{${JOB},reason="lost"}[10m])) > 0`,
        for: '5m',
        severity: 'warning',
        summary: 'Refinement streams from the Spec Engine are being lost',
        description:
          '{{ $value | humanize }} engine streams were given up in 10 minutes after every redial failed: their ' +
          'viewers got an error frame (the finalizer falls back to the engine state).',
      },
      targetDownAlert(orchestratorCatalog, 'OrchestratorTargetDown'),
    ],
  },
];
