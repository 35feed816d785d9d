/**
 * promtool unit tests of every alert: series that fire it and series that do not. Series are
 * promtool's expanding notation (`a+bxN`: N steps of b from a) at one sample per minute.
 */

/** One promtool `alert_rule_test` scenario. */
export interface AlertScenario {
  readonly reason: string;
  readonly series: Readonly<Record<string, string>>;
  /** When to evaluate (after `for` has elapsed). */
  readonly at: string;
}

/** A scenario that fires, with the labels the alert carries and how `$value` renders. */
export interface FiringScenario extends AlertScenario {
  readonly labels: Readonly<Record<string, string>>;
  /** `{{ $value … }}` as rendered in the annotations (when they use it). */
  readonly valueText?: string;
}

/** Both sides of one alert. */
export interface AlertCases {
  readonly fires: readonly FiringScenario[];
  readonly quiet: readonly AlertScenario[];
}

const ORCH = 'job="ide-orchestrator"';
const ENGINE = 'job="deepagents-runtime"';
const req = (status: string) => `http_requests_total{${ORCH},method="GET",route="/api/workflows",status="${status}"}`;
const bucket = `http_request_duration_seconds_bucket{${ORCH},method="GET",route="/api/workflows",le="0.5"}`;
const count = `http_request_duration_seconds_count{${ORCH},method="GET",route="/api/workflows"}`;
const wsBucket = `http_request_duration_seconds_bucket{${ORCH},method="GET",route="/api/ws/refinements/:thread_id",le="0.5"}`;
const wsCount = `http_request_duration_seconds_count{${ORCH},method="GET",route="/api/ws/refinements/:thread_id"}`;
const engineCalls = (result: string) =>
  `orchestrator_spec_engine_requests_total{${ORCH},endpoint="invoke",result="${result}"}`;
const runs = (status: string) => `spec_engine_runs_total{${ENGINE},status="${status}"}`;
const target = (job: string, address: string) => `up{job="${job}",instance="${address}",namespace="intelligence"}`;

/** The cases, keyed by alert name; a test fails when an alert has none. */
export const ALERT_CASES: Record<string, AlertCases> = {
  OrchestratorHighErrorRate: {
    fires: [
      {
        reason: '10% of requests answer 500',
        series: { [req('500')]: '0+6x30', [req('200')]: '0+54x30' },
        at: '15m',
        labels: { job: 'ide-orchestrator', severity: 'critical' },
        valueText: '10%',
      },
    ],
    quiet: [
      { reason: '1% of requests answer 500', series: { [req('500')]: '0+1x30', [req('200')]: '0+99x30' }, at: '15m' },
      { reason: 'no 5xx at all', series: { [req('200')]: '0+100x30' }, at: '15m' },
    ],
  },
  OrchestratorApiLatencyBudgetBurnFast: {
    fires: [
      {
        reason: 'half of the API requests are slower than 500 ms for an hour',
        series: { [bucket]: '0+50x90', [count]: '0+100x90' },
        at: '70m',
        labels: { job: 'ide-orchestrator', severity: 'critical' },
      },
    ],
    quiet: [
      { reason: '1% slow requests is within the objective', series: { [bucket]: '0+99x90', [count]: '0+100x90' }, at: '70m' },
      {
        reason: 'slow WebSocket sessions are not API latency',
        series: { [bucket]: '0+100x90', [count]: '0+100x90', [wsBucket]: '0+0x90', [wsCount]: '0+100x90' },
        at: '70m',
      },
    ],
  },
  OrchestratorApiLatencyBudgetBurnSlow: {
    fires: [
      {
        reason: '20% slow API requests for 6 hours',
        series: { [bucket]: '0+80x480', [count]: '0+100x480' },
        at: '7h',
        labels: { job: 'ide-orchestrator', severity: 'warning' },
      },
    ],
    quiet: [
      { reason: '3% slow requests burns under 6x', series: { [bucket]: '0+97x480', [count]: '0+100x480' }, at: '7h' },
    ],
  },
  OrchestratorSpecEngineUnavailable: {
    fires: [
      {
        reason: 'the breaker is open',
        series: { [`orchestrator_spec_engine_breaker_state{${ORCH}}`]: '1x20' },
        at: '10m',
        labels: { job: 'ide-orchestrator', severity: 'critical' },
      },
      {
        reason: '90% of engine calls are unavailable',
        series: {
          [`orchestrator_spec_engine_breaker_state{${ORCH}}`]: '0x20',
          [engineCalls('unavailable')]: '0+9x20',
          [engineCalls('ok')]: '0+1x20',
        },
        at: '10m',
        labels: { job: 'ide-orchestrator', severity: 'critical' },
      },
    ],
    quiet: [
      {
        reason: 'breaker closed and calls succeed',
        series: { [`orchestrator_spec_engine_breaker_state{${ORCH}}`]: '0x20', [engineCalls('ok')]: '0+10x20' },
        at: '10m',
      },
      {
        reason: 'half-open is a probe, not an outage',
        series: { [`orchestrator_spec_engine_breaker_state{${ORCH}}`]: '2x20', [engineCalls('ok')]: '0+10x20' },
        at: '10m',
      },
    ],
  },
  OrchestratorProposalsStuckProcessing: {
    fires: [
      {
        reason: 'the oldest processing proposal keeps ageing past an hour',
        series: { [`orchestrator_proposals_processing_oldest_seconds{${ORCH}}`]: '3000+60x40' },
        at: '35m',
        labels: { job: 'ide-orchestrator', severity: 'warning' },
        valueText: '1h 25m 0s',
      },
    ],
    quiet: [
      {
        reason: 'proposals finish within minutes',
        series: { [`orchestrator_proposals_processing_oldest_seconds{${ORCH}}`]: '600x40' },
        at: '35m',
      },
    ],
  },
  OrchestratorFinalizerLagging: {
    fires: [
      {
        reason: 'a run has had no finalizer for 15 minutes',
        series: { [`orchestrator_finalizer_unclaimed_oldest_seconds{${ORCH}}`]: '0+60x20' },
        at: '15m',
        labels: { job: 'ide-orchestrator', severity: 'warning' },
        valueText: '15m 0s',
      },
    ],
    quiet: [
      {
        reason: 'new proposals wait out the claim grace only',
        series: { [`orchestrator_finalizer_unclaimed_oldest_seconds{${ORCH}}`]: '30x20' },
        at: '15m',
      },
    ],
  },
  OrchestratorCleanupBacklogStale: {
    fires: [
      {
        reason: 'a cleanup has been pending for over an hour',
        series: { [`orchestrator_cleanup_backlog_oldest_seconds{${ORCH}}`]: '4000x40' },
        at: '30m',
        labels: { job: 'ide-orchestrator', severity: 'warning' },
        valueText: '1h 6m 40s',
      },
    ],
    quiet: [
      {
        reason: 'cleanups drain within minutes',
        series: { [`orchestrator_cleanup_backlog_oldest_seconds{${ORCH}}`]: '100x40' },
        at: '30m',
      },
    ],
  },
  OrchestratorWebSocketUpstreamErrors: {
    fires: [
      {
        reason: 'an engine stream is given up every minute',
        series: { [`orchestrator_websocket_upstream_errors_total{${ORCH},reason="lost"}`]: '0+1x20' },
        at: '15m',
        labels: { job: 'ide-orchestrator', severity: 'warning' },
        valueText: '10',
      },
    ],
    quiet: [
      {
        reason: 'drops that are redialed are not lost streams',
        series: {
          [`orchestrator_websocket_upstream_errors_total{${ORCH},reason="dropped"}`]: '0+1x20',
          [`orchestrator_websocket_upstream_errors_total{${ORCH},reason="lost"}`]: '0x20',
        },
        at: '15m',
      },
    ],
  },
  OrchestratorTargetDown: {
    fires: [
      {
        reason: 'every scrape fails',
        series: { [target('ide-orchestrator', '10.0.0.1:8080')]: '0x10' },
        at: '8m',
        labels: { job: 'ide-orchestrator', instance: '10.0.0.1:8080', namespace: 'intelligence', severity: 'critical' },
      },
    ],
    quiet: [{ reason: 'scrapes succeed', series: { [target('ide-orchestrator', '10.0.0.1:8080')]: '1x10' }, at: '8m' }],
  },
  SpecEngineRunFailureRatioHigh: {
    fires: [
      {
        reason: 'half of the runs fail',
        series: { [runs('failed')]: '0+1x40', [runs('completed')]: '0+1x40' },
        at: '30m',
        labels: { job: 'deepagents-runtime', severity: 'warning' },
        valueText: '50%',
      },
    ],
    quiet: [
      { reason: '10% failures', series: { [runs('failed')]: '0+1x40', [runs('completed')]: '0+9x40' }, at: '30m' },
      {
        reason: 'every run fails but there are too few to judge',
        series: { [runs('failed')]: '0+0.1x40', [runs('completed')]: '0x40' },
        at: '30m',
      },
    ],
  },
  SpecEngineTargetDown: {
    fires: [
      {
        reason: 'every scrape fails',
        series: { [target('deepagents-runtime', '10.0.0.2:8000')]: '0x10' },
        at: '8m',
        labels: { job: 'deepagents-runtime', instance: '10.0.0.2:8000', namespace: 'intelligence', severity: 'critical' },
      },
    ],
    quiet: [
      { reason: 'scrapes succeed', series: { [target('deepagents-runtime', '10.0.0.2:8000')]: '1x10' }, at: '8m' },
    ],
  },
};
