/**
 * A rolling update or scale-in of the orchestrator: a viewer watching a run when its replica gets
 * SIGTERM is closed with 1001, resumes with after_seq on a second orchestrator process and sees
 * every frame exactly once; the stopped replica hands its finalizer lease back, so the second one
 * finalizes the proposal long before the lease would have expired.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceProcess } from '../scripts/stack/service-process.js';
import { type ApiClient, apiClient } from './support/http.js';
import { createSeededWorkflow, startRefinement, waitSettled } from './support/refinement.js';
import { type E2eServices, startE2eServices } from './support/services.js';
import { type EventFrame, readStream } from './support/ws-client.js';

describe('an orchestrator replica stopped with SIGTERM during a run', () => {
  let services: E2eServices;
  let second: ServiceProcess;

  beforeAll(async () => {
    services = await startE2eServices({
      name: 'drain',
      // Slow enough that the run is mid-way when the first replica stops.
      engineEnv: { SPEC_ENGINE_OFFLINE_STEP_DELAY_MS: '250' },
      // A lease far longer than the test: only a lease handed back lets the second replica finish.
      orchestratorEnv: { FINALIZER_LEASE_SECONDS: '120', LOG_LEVEL: 'info' },
    });
    second = await services.startOrchestratorReplica();
  }, 120_000);
  afterAll(async () => {
    await services?.stop();
  });

  it('closes the viewer with 1001; it resumes on the second replica and sees every frame once', async () => {
    const token = await services.tokenFor('dana');
    const first: ApiClient = apiClient(services.orchestratorUrl, token);
    const workflowId = await createSeededWorkflow(first, 'drain');
    const started = await startRefinement(
      first,
      workflowId,
      'Add an escalation step for unanswered tickets.',
    );
    // The finalizer claims its lease just after the 202: on a busy machine that can take a moment.
    let leaseOwner: string | null = null;
    for (let i = 0; i < 100 && leaseOwner === null; i++) {
      const [lease] = await services.orchestratorSql<{ lease_owner: string | null }[]>`
        select lease_owner from proposals where id = ${started.proposal_id}`;
      leaseOwner = lease?.lease_owner ?? null;
      if (leaseOwner === null) await new Promise((r) => setTimeout(r, 100));
    }
    expect(leaseOwner).toBe('orchestrator');

    let stopping: Promise<unknown> | undefined;
    const beforeStop = await readStream(services.wsUrl(started.thread_id), {
      token,
      onFrame: (frame) => {
        if (frame.seq === 5) stopping = services.orchestrator.stop('SIGTERM', 30_000);
      },
    });
    expect(beforeStop.closeCode).toBe(1001);
    expect(await stopping).toEqual({ code: 0, signal: null });
    expect(services.orchestrator.recentOutput()).toContain('"msg":"stopped"');
    const lastSeen = beforeStop.frames.at(-1)!.seq!;
    expect(lastSeen).toBeGreaterThanOrEqual(5);
    expect(beforeStop.frames.some((f) => f.event_type === 'end')).toBe(false);

    const resumedUrl = `${second.url.replace(/^http/, 'ws')}/api/ws/refinements/${started.thread_id}?after_seq=${lastSeen}`;
    const afterStop = await readStream(resumedUrl, { token });
    expect(afterStop.closeCode).toBe(1000);
    const all: EventFrame[] = [...beforeStop.frames, ...afterStop.frames];
    expect(all.map((f) => f.seq)).toEqual(all.map((_, i) => i + 1));
    expect(all.at(-1)?.event_type).toBe('end');

    const proposal = await waitSettled(apiClient(second.url, token), started.proposal_id, 30_000);
    expect(proposal.status).toBe('completed');
    const audits = await services.orchestratorSql`
      select count(*)::int as n from audit_events
      where proposal_id = ${started.proposal_id} and action = 'proposal.completed'`;
    expect(audits[0]?.n).toBe(1);
  }, 120_000);

  it('leaves the stopped replica accepting no connection, and the second one ready', async () => {
    expect((await fetch(`${second.url}/ready`)).status).toBe(200);
    await expect(fetch(`${services.orchestratorUrl}/ready`)).rejects.toThrow();
  });
});
