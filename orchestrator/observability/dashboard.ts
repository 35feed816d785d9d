import { type Dashboard, quantileBy, rateBy } from '../../common/observability/index.js';
import { orchestratorCatalog } from './catalog.js';
import { ORCHESTRATOR_RECORDED as R } from './rules.js';

const m = orchestratorCatalog.metrics;
const JOB = `job="${orchestratorCatalog.job}"`;
const rate = (name: string, by: string) => rateBy(name, orchestratorCatalog.job, by);
const quantile = (q: number, name: string, by: string) => quantileBy(q, name, orchestratorCatalog.job, by);

/** The IDE Orchestrator dashboard (Grafana uid `zt-ide-orchestrator`). */
export const orchestratorDashboard: Dashboard = {
  uid: 'zt-ide-orchestrator',
  title: 'zerotouch / IDE Orchestrator',
  description:
    'REST API, refinement streams, proposals, the Spec Engine as the orchestrator sees it, cleanup.',
  rows: [
    {
      title: 'API',
      panels: [
        {
          title: 'Requests by route',
          kind: 'timeseries',
          unit: 'reqps',
          queries: [{ expr: rate(m.httpRequests.name, 'route'), legend: '{{route}}' }],
        },
        {
          title: '5xx ratio',
          kind: 'timeseries',
          unit: 'percentunit',
          queries: [{ expr: `${R.errorRatio}{${JOB}}`, legend: '5xx' }],
        },
        {
          title: 'Latency p95 by route',
          kind: 'timeseries',
          unit: 's',
          queries: [{ expr: `${R.latencyP95}{${JOB}}`, legend: '{{route}}' }],
        },
        {
          title: 'Latency objective: requests over 500 ms',
          kind: 'timeseries',
          unit: 'percentunit',
          description: 'The SLO allows 1%; the burn rate alerts compare these windows against it.',
          queries: [
            { expr: `${R.sloMisses('5m')}{${JOB}}`, legend: '5m' },
            { expr: `${R.sloMisses('1h')}{${JOB}}`, legend: '1h' },
          ],
        },
      ],
    },
    {
      title: 'Streams',
      panels: [
        {
          title: 'Open sockets and engine upstreams',
          kind: 'timeseries',
          unit: 'short',
          queries: [
            { expr: `sum(${m.openSockets.name}{${JOB}})`, legend: 'browser sockets' },
            { expr: `sum(${m.upstreams.name}{${JOB}})`, legend: 'engine upstreams' },
          ],
        },
        {
          title: 'Frames relayed by event type',
          kind: 'timeseries',
          unit: 'ops',
          queries: [
            {
              expr: rate(m.framesRelayed.name, 'direction, event_type'),
              legend: '{{direction}} {{event_type}}',
            },
          ],
        },
        {
          title: 'Engine stream errors',
          kind: 'timeseries',
          unit: 'ops',
          queries: [{ expr: rate(m.upstreamErrors.name, 'reason'), legend: '{{reason}}' }],
        },
        {
          title: 'Socket closes by code',
          kind: 'timeseries',
          unit: 'ops',
          queries: [{ expr: rate(m.socketCloses.name, 'code'), legend: '{{code}}' }],
        },
      ],
    },
    {
      title: 'Refinements',
      panels: [
        {
          title: 'Proposals finalized by outcome',
          kind: 'timeseries',
          unit: 'ops',
          queries: [{ expr: rate(m.proposalsFinalized.name, 'outcome'), legend: '{{outcome}}' }],
        },
        {
          title: 'Refinement duration p50 / p95',
          kind: 'timeseries',
          unit: 's',
          queries: [
            { expr: quantile(0.5, m.refinementDuration.name, 'outcome'), legend: 'p50 {{outcome}}' },
            { expr: quantile(0.95, m.refinementDuration.name, 'outcome'), legend: 'p95 {{outcome}}' },
          ],
        },
        {
          title: 'Processing proposals',
          kind: 'timeseries',
          unit: 'short',
          queries: [{ expr: `max(${m.proposalsProcessing.name}{${JOB}})`, legend: 'processing' }],
        },
        {
          title: 'Ages: oldest processing, finalizer lag, oldest cleanup',
          kind: 'timeseries',
          unit: 's',
          queries: [
            { expr: `max(${m.proposalsProcessingOldest.name}{${JOB}})`, legend: 'oldest processing' },
            { expr: `max(${m.finalizerUnclaimedOldest.name}{${JOB}})`, legend: 'finalizer lag' },
            { expr: `max(${m.cleanupBacklogOldest.name}{${JOB}})`, legend: 'oldest cleanup' },
          ],
        },
      ],
    },
    {
      title: 'Spec Engine and cleanup',
      panels: [
        {
          title: 'Breaker state',
          kind: 'stat',
          unit: 'none',
          valueText: { '0': 'closed', '1': 'open', '2': 'half-open', '3': 'isolated' },
          queries: [{ expr: `max(${m.breakerState.name}{${JOB}})`, legend: 'breaker' }],
        },
        {
          title: 'Engine calls by endpoint and result',
          kind: 'timeseries',
          unit: 'reqps',
          queries: [
            { expr: rate(m.engineRequests.name, 'endpoint, result'), legend: '{{endpoint}} {{result}}' },
          ],
        },
        {
          title: 'Engine call latency p95',
          kind: 'timeseries',
          unit: 's',
          queries: [{ expr: quantile(0.95, m.engineLatency.name, 'endpoint'), legend: '{{endpoint}}' }],
        },
        {
          title: 'Cleanup backlog',
          kind: 'timeseries',
          unit: 'short',
          queries: [
            { expr: `max(${m.cleanupBacklog.name}{${JOB}})`, legend: 'pending' },
            { expr: rate(m.cleanups.name, 'outcome'), legend: '{{outcome}}/s' },
          ],
        },
      ],
    },
  ],
};
