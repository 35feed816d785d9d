/**
 * An orchestrator that starts before the engine (a restart of the local stack with cleanups
 * still pending, or pods started out of order) must not refuse users' first refinement: the
 * cleanup worker waits for the engine and its failures never open the users' breaker.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, apiClient, waitFor } from './support/http.js';
import { createSeededWorkflow } from './support/refinement.js';
import { type E2eServices, startE2eServices } from './support/services.js';

describe('a restart with engine cleanups pending', () => {
  let services: E2eServices;
  let alice: ApiClient;
  beforeAll(async () => {
    services = await startE2eServices({
      name: 'restart',
      startEngine: false,
      // Long enough that an opened breaker would still be open at the first refinement.
      orchestratorEnv: { SPEC_ENGINE_BREAKER_HALF_OPEN_SECONDS: '300' },
    });
    alice = apiClient(services.orchestratorUrl, await services.tokenFor('alice'));
  }, 120_000);
  afterAll(() => services?.stop());

  it('answers the first refinement 202 once the engine is up, then finishes the cleanups', async () => {
    const workflowId = await createSeededWorkflow(alice, 'restart');
    // Proposals approved just before the stop: resolved, their engine threads still to delete.
    const sql = services.orchestratorSql;
    for (let i = 0; i < 8; i++) {
      const job = randomUUID();
      await sql`
        insert into proposals (workflow_id, created_by, job_id, thread_id, instructions, base_revision,
                               status, resolution, resolved_at, cleanup_state, cleanup_next_at, cleanup_requested_at)
        select id, owner_id, ${job}, ${job}, 'approved before the restart', 2,
               'resolved', 'approved', now(), 'pending', now(), now()
        from workflows where id = ${workflowId}`;
    }
    // The cleanup worker polls every 0.5 s here: give it several passes while the engine is down.
    await new Promise((r) => setTimeout(r, 4_000));
    await services.startEngine();

    const first = await alice.post<{ proposal_id?: string; error?: unknown }>(
      `/api/workflows/${workflowId}/refinements`,
      { instructions: 'Plan a nightly report.' },
    );
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    await waitFor(
      'the pending cleanups to finish',
      async () => {
        const [row] = await sql<{ pending: number }[]>`
          select count(*)::int as pending from proposals where cleanup_state = 'pending'`;
        return row!.pending;
      },
      (pending) => pending === 0,
      60_000,
    );
  }, 180_000);
});
