import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, apiClient, waitFor } from './support/http.js';
import { createSeededWorkflow, startRefinement, waitSettled } from './support/refinement.js';
import { type E2eServices, startE2eServices } from './support/services.js';

const ENGINE = '/spec-engine';

interface ErrorBody {
  error: { code: string; message: string };
}

/** Services for one scenario; the two scenarios run side by side, each with its own pair. */
function scenario(name: string, startEngine: boolean) {
  const ctx = {} as { services: E2eServices; alice: ApiClient };
  beforeAll(async () => {
    ctx.services = await startE2eServices({
      name,
      startEngine,
      // Each offline model step is slowed so a run can be cut mid-way.
      engineEnv: { SPEC_ENGINE_OFFLINE_STEP_DELAY_MS: '300' },
    });
    ctx.alice = apiClient(ctx.services.orchestratorUrl, await ctx.services.tokenFor('alice'));
  });
  afterAll(() => ctx.services?.stop());
  return ctx;
}

describe.concurrent('refinements when the Spec Engine fails', () => {
  describe('engine down at start', () => {
    const ctx = scenario('down', false);

    it('answers 503 with Retry-After while the engine is down, opens the breaker, and recovers', async () => {
      const { services, alice } = ctx;
      const workflowId = await createSeededWorkflow(alice, 'engine down');
      const answers: { status: number; retryAfter: string | null; body: ErrorBody }[] = [];
      for (let i = 0; i < 6 && answers.at(-1)?.body.error?.code !== 'breaker_open'; i++) {
        const res = await alice.post<ErrorBody>(`/api/workflows/${workflowId}/refinements`, {
          instructions: 'Plan a nightly report.',
        });
        answers.push({ status: res.status, retryAfter: res.headers.get('retry-after'), body: res.body });
      }
      for (const answer of answers) {
        expect(answer.status, JSON.stringify(answer.body)).toBe(503);
        expect(Number(answer.retryAfter)).toBeGreaterThan(0);
        expect(answer.body.error.message.length).toBeGreaterThan(0);
        // "Unreachable" first, unless the finalizer's own failed calls already opened the shared breaker.
        expect(['engine_unavailable', 'breaker_open']).toContain(answer.body.error.code);
      }
      const open = answers.at(-1)!;
      expect(open.body.error.code).toBe('breaker_open');

      // No proposal is left behind as "processing" by a refinement that never started.
      const statuses = await services.orchestratorSql`select status from proposals`;
      expect(statuses.filter((r) => r.status === 'processing')).toEqual([]);

      await services.startEngine();
      // A client honouring Retry-After gets through once the breaker lets a trial call pass.
      await new Promise((r) => setTimeout(r, Number(open.retryAfter) * 1000));
      const started = await waitFor(
        'the breaker to let a refinement through',
        () =>
          alice.post(`/api/workflows/${workflowId}/refinements`, { instructions: 'Plan a nightly report.' }),
        (r) => r.status === 202,
        15_000,
      );
      const proposal = await waitSettled(alice, String(started.body.proposal_id), 60_000);
      expect(proposal.status, JSON.stringify(proposal.error)).toBe('completed');
    }, 100_000);
  });

  describe('engine killed mid-run', () => {
    const ctx = scenario('killed', true);

    it('never leaves the proposal processing: it ends completed (engine back) or failed', async () => {
      const { services, alice } = ctx;
      const workflowId = await createSeededWorkflow(alice, 'engine killed');
      const engine = apiClient(services.engineUrl, services.engineToken);
      const started = await startRefinement(
        alice,
        workflowId,
        'Design an approval flow with three reviewers.',
      );
      await waitFor(
        'the run to be under way',
        () => engine.get<{ status: string; last_seq: number }>(`${ENGINE}/state/${started.thread_id}`),
        (r) => r.status === 200 && r.body.status === 'running' && r.body.last_seq >= 2,
        20_000,
      );
      await services.engine().stop('SIGKILL');
      await services.startEngine();

      const proposal = await waitSettled(alice, started.proposal_id, 80_000);
      expect(['completed', 'failed']).toContain(proposal.status);
      if (proposal.status === 'completed') {
        const state = await engine.get<{ generated_files: unknown }>(`${ENGINE}/state/${started.thread_id}`);
        expect(proposal.generated_files).toEqual(state.body.generated_files);
      } else {
        expect(proposal.error).toBeTruthy();
      }
    }, 100_000);
  });
});
