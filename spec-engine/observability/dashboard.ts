import { type Dashboard, quantileBy, RATE_INTERVAL, rateBy } from '../../common/observability/index.js';
import { specEngineCatalog } from './catalog.js';
import { SPEC_ENGINE_RECORDED as R } from './rules.js';

const m = specEngineCatalog.metrics;
const JOB = `job="${specEngineCatalog.job}"`;
const rate = (name: string, by: string) => rateBy(name, specEngineCatalog.job, by);

/** The Spec Engine dashboard (Grafana uid `zt-spec-engine`). */
export const specEngineDashboard: Dashboard = {
  uid: 'zt-spec-engine',
  title: 'zerotouch / Spec Engine',
  description: 'Runs, their duration and failures, the job queue, events and checkpoints.',
  rows: [
    {
      title: 'Runs',
      panels: [
        {
          title: 'Runs finished by status',
          kind: 'timeseries',
          unit: 'ops',
          queries: [{ expr: rate(m.runs.name, 'status'), legend: '{{status}}' }],
        },
        {
          title: 'Failure ratio (15m)',
          kind: 'timeseries',
          unit: 'percentunit',
          queries: [{ expr: `${R.failureRatio}{${JOB}}`, legend: 'failed' }],
        },
        {
          title: 'Run duration p95 (15m)',
          kind: 'timeseries',
          unit: 's',
          queries: [{ expr: `${R.runDurationP95}{${JOB}}`, legend: '{{status}}' }],
        },
        {
          title: 'Queue depth',
          kind: 'timeseries',
          unit: 'short',
          description:
            'Queued: accepted, not started (database, all replicas). Waiting: for a slot in a process.',
          queries: [
            { expr: `max(${m.runsQueued.name}{${JOB}})`, legend: 'queued' },
            { expr: `sum(${m.runsWaiting.name}{${JOB}})`, legend: 'waiting' },
            { expr: `sum(${m.runsActive.name}{${JOB}})`, legend: 'active' },
          ],
        },
      ],
    },
    {
      title: 'Events and checkpoints',
      panels: [
        {
          title: 'Events by type',
          kind: 'timeseries',
          unit: 'ops',
          queries: [{ expr: rate(m.events.name, 'event_type'), legend: '{{event_type}}' }],
        },
        {
          title: 'Checkpoints written',
          kind: 'timeseries',
          unit: 'ops',
          queries: [
            { expr: `sum(rate(${m.checkpoints.name}{${JOB}}[${RATE_INTERVAL}]))`, legend: 'checkpoints' },
          ],
        },
        {
          title: 'Checkpoint write p95',
          kind: 'timeseries',
          unit: 's',
          queries: [
            {
              expr: quantileBy(0.95, m.checkpointDuration.name, specEngineCatalog.job, ''),
              legend: 'p95',
            },
          ],
        },
        {
          title: 'HTTP requests by route',
          kind: 'timeseries',
          unit: 'reqps',
          queries: [{ expr: rate(m.httpRequests.name, 'route, status'), legend: '{{route}} {{status}}' }],
        },
      ],
    },
  ],
};
