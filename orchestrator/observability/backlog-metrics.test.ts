import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetricsRegistry } from '../../common/observability/index.js';
import type { Queryable } from '../db/queryable.js';
import { createTestApp, type TestApp } from '../testing/harness.js';
import { registerBacklogMetrics } from './backlog-metrics.js';

const silent = pino({ level: 'silent' });

/** The value of an unlabelled series (apart from the registry's default labels) on a /metrics page. */
function sample(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
  return Number(line?.split(' ').at(-1));
}

describe('the backlog gauges on /metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('orch_backlog');
    registerBacklogMetrics(t.deps.registry, t.sql, silent);
  });
  afterAll(async () => {
    await t?.close();
  });

  const metrics = async () => (await t.call('GET', '/metrics', { sub: null })).body as string;

  it('are 0 when nothing waits', async () => {
    const text = await metrics();
    expect(sample(text, 'orchestrator_proposals_processing')).toBe(0);
    expect(sample(text, 'orchestrator_proposals_processing_oldest_seconds')).toBe(0);
    expect(sample(text, 'orchestrator_finalizer_unclaimed_oldest_seconds')).toBe(0);
    expect(sample(text, 'orchestrator_cleanup_backlog')).toBe(0);
    expect(sample(text, 'orchestrator_cleanup_backlog_oldest_seconds')).toBe(0);
  });

  it('report the processing proposals, a run no finalizer holds, and the cleanup outbox with their ages', async () => {
    const workflow = await t.call('POST', '/api/workflows', { body: { name: 'backlog' } });
    const refine = () =>
      t.call('POST', `/api/workflows/${workflow.body.id}/refinements`, { body: { instructions: 'x' } });
    const [stuck, followed, rejected] = [await refine(), await refine(), await refine()];
    for (const r of [stuck, followed, rejected]) expect(r.status).toBe(202);
    // Two hours old with no lease; one followed by a live replica; one rejected an hour ago.
    await t.sql`update proposals set created_at = now() - interval '2 hours', lease_owner = null,
      lease_expires_at = null where id = ${stuck.body.proposal_id}`;
    await t.sql`update proposals set created_at = now() - interval '10 minutes', lease_owner = 'replica-a',
      lease_expires_at = now() + interval '30 seconds' where id = ${followed.body.proposal_id}`;
    expect((await t.call('POST', `/api/proposals/${rejected.body.proposal_id}/reject`)).status).toBe(200);
    await t.sql`update proposals set cleanup_requested_at = now() - interval '1 hour',
      cleanup_next_at = now() + interval '1 hour' where id = ${rejected.body.proposal_id}`;

    const text = await metrics();
    expect(sample(text, 'orchestrator_proposals_processing')).toBe(2);
    expect(sample(text, 'orchestrator_proposals_processing_oldest_seconds')).toBeCloseTo(7200, -1);
    expect(sample(text, 'orchestrator_finalizer_unclaimed_oldest_seconds')).toBeCloseTo(7200, -1);
    expect(sample(text, 'orchestrator_cleanup_backlog')).toBe(1);
    expect(sample(text, 'orchestrator_cleanup_backlog_oldest_seconds')).toBeCloseTo(3600, -1);

    // A lease that expired a minute ago counts from its expiry.
    await t.sql`update proposals set lease_owner = 'replica-a', lease_expires_at = now() - interval '1 minute'
      where id = ${stuck.body.proposal_id}`;
    expect(sample(await metrics(), 'orchestrator_finalizer_unclaimed_oldest_seconds')).toBeCloseTo(60, -1);
  });

  it('keep /metrics answering when the database does not', async () => {
    const registry = createMetricsRegistry('ide-orchestrator', false);
    const down = (() => Promise.reject(new Error('connection refused'))) as unknown as Queryable;
    registerBacklogMetrics(registry, down, silent);
    const text = await registry.metrics();
    expect(sample(text, 'orchestrator_proposals_processing')).toBe(0);
    expect(text).toContain('# TYPE orchestrator_cleanup_backlog_oldest_seconds gauge');
  });
});
