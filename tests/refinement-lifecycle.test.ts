import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { natsSkipReason, testNatsUrl } from '../common/testing/nats.js';
import { type ApiClient, apiClient, waitFor } from './support/http.js';
import {
  contentOf,
  createSeededWorkflow,
  type EngineFile,
  type Proposal,
  SEED_FILES,
  startRefinement,
  waitSettled,
} from './support/refinement.js';
import { type OtlpCollector, otlpEnv, startOtlpCollector } from './support/otlp-collector.js';
import { type E2eServices, startE2eServices } from './support/services.js';
import { lastFiles, readStream } from './support/ws-client.js';

const ENGINE = '/spec-engine';
const natsUrl = testNatsUrl();

/**
 * The whole refinement lifecycle, once with the in-process queue and once through NATS JetStream
 * (what does not depend on the queue, `onceIt`, runs once).
 */
function lifecycle(mode: 'in-process queue' | 'NATS JetStream', url: string | undefined) {
  // Tests that do not depend on the queue are registered once (in-process run), not skipped.
  const onceIt = (url ? () => {} : it) as typeof it;
  describe(`refinement end to end (${mode})`, () => {
    let services: E2eServices;
    let alice: ApiClient;
    let engine: ApiClient;

    let collector: OtlpCollector;

    beforeAll(async () => {
      collector = await startOtlpCollector();
      services = await startE2eServices({
        name: url ? 'nats' : 'local',
        env: otlpEnv(collector),
        ...(url ? { natsUrl: url } : {}),
      });
      alice = apiClient(services.orchestratorUrl, await services.tokenFor('alice'));
      engine = apiClient(services.engineUrl, services.engineToken);
    });
    afterAll(async () => {
      await services?.stop();
      await collector?.close();
    });

    it('streams a refinement to end, stores the final files, and approving makes them the draft', async () => {
      const workflowId = await createSeededWorkflow(alice, 'welcome emails');
      const started = await startRefinement(alice, workflowId, 'Add a retry policy for failed email sends.');

      const stream = await readStream(services.wsUrl(started.thread_id), {
        token: await services.tokenFor('alice'),
      });
      expect(stream.rejectedStatus).toBeUndefined();
      expect(stream.protocol).toBe('bearer');
      expect(stream.closeCode).toBe(1000);
      expect(stream.frames.at(-1)?.event_type).toBe('end');
      expect(stream.frames.map((f) => f.seq)).toEqual(stream.frames.map((_, i) => i + 1));
      expect(stream.frames.every((f) => f.thread_id === started.thread_id)).toBe(true);
      const streamed = lastFiles(stream.frames);
      expect(streamed).toBeDefined();

      const proposal = await waitSettled(alice, started.proposal_id);
      expect(proposal.status, JSON.stringify(proposal.error)).toBe('completed');
      expect(proposal.resolution).toBeNull();
      expect(proposal.generated_files).toEqual(streamed);
      const state = await engine.get<{ status: string; generated_files: unknown }>(
        `${ENGINE}/state/${started.thread_id}`,
      );
      expect(state.body.status).toBe('completed');
      expect(proposal.generated_files).toEqual(state.body.generated_files);

      const generated = proposal.generated_files as Record<string, EngineFile>;
      const paths = Object.keys(generated);
      // The agent's scratch files are working notes, listed apart from the spec and never applied.
      const notes = ['/guardrail_assessment.md', '/impact_assessment.md'];
      expect(proposal.working_notes).toEqual(notes);
      expect(proposal.changes?.added.sort()).toEqual(
        paths.filter((p) => !(p in SEED_FILES) && !notes.includes(p)).sort(),
      );
      // The model built on the user's plan: their lines first, its own section after.
      const seedPlan = SEED_FILES['/THE_SPEC/plan.md']!;
      expect(generated['/THE_SPEC/plan.md']?.content.slice(0, seedPlan.length)).toEqual(seedPlan);
      expect(generated['/THE_SPEC/plan.md']?.content.length).toBeGreaterThan(seedPlan.length);
      expect(proposal.changes?.deleted.sort()).toEqual(
        Object.keys(SEED_FILES)
          .filter((p) => !(p in generated))
          .sort(),
      );
      expect(proposal.changes?.modified.sort()).toEqual(
        Object.keys(SEED_FILES)
          .filter((p) => p in generated && generated[p]?.content.join('\n') !== SEED_FILES[p]?.join('\n'))
          .sort(),
      );

      const before = await engine.get(`${ENGINE}/state/${started.thread_id}`);
      expect(before.status).toBe(200);
      const approved = await alice.post(`/api/proposals/${started.proposal_id}/approve`);
      expect(approved.status, JSON.stringify(approved.body)).toBe(200);
      expect(approved.body).toMatchObject({
        proposal_id: started.proposal_id,
        status: 'resolved',
        resolution: 'approved',
      });
      const draft = await alice.get<{ files: Record<string, EngineFile> }>(
        `/api/workflows/${workflowId}/draft`,
      );
      const spec = Object.fromEntries(Object.entries(generated).filter(([p]) => !notes.includes(p)));
      expect(contentOf(draft.body.files)).toEqual(contentOf(spec));
      expect((await alice.post(`/api/proposals/${started.proposal_id}/approve`)).status).toBe(409);

      // The engine's checkpoints, events and run record for the thread are deleted after approval.
      await waitFor(
        'the engine to forget the thread',
        () => engine.get(`${ENGINE}/state/${started.thread_id}`),
        (r) => r.status === 404,
      );
      // The run record goes first (its tombstone stops a late write), the checkpoints right after:
      // a read between the two sees 404 with rows still there, so wait for the rows as well.
      const left = await waitFor(
        "the thread's checkpoints to be deleted",
        async () => {
          const [row] = await services.engineSql`
            select (select count(*) from checkpoints where thread_id = ${started.thread_id})::int as checkpoints,
                   (select count(*) from checkpoint_writes where thread_id = ${started.thread_id})::int as writes`;
          return row;
        },
        (row) => row?.checkpoints === 0 && row?.writes === 0,
      );
      expect(left).toEqual({ checkpoints: 0, writes: 0 });
    }, 90_000);

    onceIt(
      'keeps one trace id across the orchestrator and the engine',
      async () => {
        const workflowId = await createSeededWorkflow(alice, 'traced');
        await waitSettled(
          alice,
          (await startRefinement(alice, workflowId, 'Add an audit step.')).proposal_id,
        );
        const shared = await waitFor(
          'spans of one trace from both services',
          async () => {
            const orchestratorTraces = new Set(
              collector.spans.filter((s) => s.service.includes('orchestrator')).map((s) => s.traceId),
            );
            return collector.spans.filter(
              (s) => !s.service.includes('orchestrator') && orchestratorTraces.has(s.traceId),
            );
          },
          (spans) => spans.length > 0,
          15_000,
        );
        const trace = collector.spans.filter((s) => s.traceId === shared[0]?.traceId);
        expect(new Set(trace.map((s) => s.service)).size).toBeGreaterThanOrEqual(2);
      },
      90_000,
    );

    onceIt(
      "keeps two users apart: another user's workflow, proposal and stream answer like missing ones",
      async () => {
        const bob = apiClient(services.orchestratorUrl, await services.tokenFor('bob'));
        const workflowId = await createSeededWorkflow(alice, 'private');
        const started = await startRefinement(alice, workflowId, 'Add a privacy section.');
        const bobsWorkflow = await createSeededWorkflow(bob, 'bobs');
        const missing = randomUUID();
        const routes: [method: 'get' | 'post' | 'put' | 'delete', path: (id: string) => string][] = [
          ['get', (id) => `/api/workflows/${id}`],
          ['get', (id) => `/api/workflows/${id}/draft`],
          ['put', (id) => `/api/workflows/${id}/draft/files/THE_SPEC/plan.md`],
          ['delete', (id) => `/api/workflows/${id}/draft`],
          ['get', (id) => `/api/workflows/${id}/versions`],
          ['post', (id) => `/api/workflows/${id}/refinements`],
        ];
        for (const [method, path] of routes) {
          const body = method === 'put' ? { content: ['x'] } : { instructions: 'x' };
          const foreign = await bob[method](path(workflowId), body);
          const absent = await bob[method](path(missing), body);
          expect(foreign.status, `${method} ${path(':alice')}`).toBe(404);
          expect(foreign.body).toEqual(absent.body);
        }
        for (const action of ['', '/approve', '/reject']) {
          const method = action ? 'post' : 'get';
          const foreign = await bob[method](`/api/proposals/${started.proposal_id}${action}`);
          expect(foreign.status, `${method} proposal${action}`).toBe(404);
          expect(foreign.body).toEqual((await bob[method](`/api/proposals/${missing}${action}`)).body);
        }
        const stream = await readStream(services.wsUrl(started.thread_id), {
          token: await services.tokenFor('bob'),
        });
        expect(stream.rejectedStatus).toBe(404);
        const bobsList = await bob.get<{ workflows: { id: string }[] }>('/api/workflows');
        expect(bobsList.body.workflows.map((w) => w.id)).toEqual([bobsWorkflow]);
        const alicesList = await alice.get<{ workflows: { id: string }[] }>('/api/workflows');
        expect(alicesList.body.workflows.map((w) => w.id)).not.toContain(bobsWorkflow);
        // Bob's attempts changed nothing: Alice's run completes and stays hers to resolve.
        expect((await waitSettled(alice, started.proposal_id)).status).toBe('completed');
        expect((await alice.get(`/api/workflows/${workflowId}/draft`)).body).toMatchObject({
          files: { '/THE_SPEC/plan.md': { content: SEED_FILES['/THE_SPEC/plan.md'] } },
        });
      },
      90_000,
    );

    it('completes a refinement whose browser never connects', async () => {
      const workflowId = await createSeededWorkflow(alice, 'no browser');
      const started = await startRefinement(alice, workflowId, 'Write an onboarding checklist.');
      const proposal = await waitSettled(alice, started.proposal_id);
      expect(proposal.status, JSON.stringify(proposal.error)).toBe('completed');
      const state = await engine.get<{ generated_files: unknown }>(`${ENGINE}/state/${started.thread_id}`);
      expect(proposal.generated_files).toEqual(state.body.generated_files);
      expect(Object.keys(proposal.generated_files ?? {}).length).toBeGreaterThan(0);
    }, 90_000);

    onceIt(
      'leaves the draft untouched when the proposal is rejected',
      async () => {
        const workflowId = await createSeededWorkflow(alice, 'rejected');
        const before = await alice.get<{ revision: number; files: Record<string, EngineFile> }>(
          `/api/workflows/${workflowId}/draft`,
        );
        const started = await startRefinement(alice, workflowId, 'Rename every section to French.');
        const proposal: Proposal = await waitSettled(alice, started.proposal_id);
        expect(proposal.status).toBe('completed');
        const rejected = await alice.post(`/api/refinements/${started.proposal_id}/reject`);
        expect(rejected.status).toBe(200);
        expect(rejected.body).toMatchObject({ status: 'resolved', resolution: 'rejected' });
        const after = await alice.get(`/api/workflows/${workflowId}/draft`);
        expect(after.body).toEqual(before.body);
        expect((await alice.post(`/api/proposals/${started.proposal_id}/approve`)).status).toBe(409);
        await waitFor(
          'the engine to forget the rejected thread',
          () => engine.get(`${ENGINE}/state/${started.thread_id}`),
          (r) => r.status === 404,
        );
      },
      90_000,
    );
  });
}

lifecycle('in-process queue', undefined);
describe.skipIf(natsSkipReason() !== '')('with NATS', () => lifecycle('NATS JetStream', natsUrl));
