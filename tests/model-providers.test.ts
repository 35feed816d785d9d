import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  providerEnv,
  type ScriptedProvider,
  startScriptedProvider,
} from '../spec-engine/testing/scripted-provider.js';
import { type ApiClient, apiClient, waitFor } from './support/http.js';
import { createSeededWorkflow, startRefinement, waitSettled } from './support/refinement.js';
import { type E2eServices, startE2eServices } from './support/services.js';
import { readStream } from './support/ws-client.js';

const ENGINE = '/spec-engine';
const PLAN = '# Plan\n\nGreet new users by email within one minute of sign-up, and retry failed sends.\n';

/**
 * Both services as real processes, the engine on the real OpenAI client talking to a scripted
 * OpenAI-compatible server in this process: what a user sees of a paid model's run.
 */
describe('refinements through a model provider, end to end', () => {
  let provider: ScriptedProvider;
  let services: E2eServices;
  let alice: ApiClient;
  let engine: ApiClient;

  beforeAll(async () => {
    provider = await startScriptedProvider('openai', [], { eventDelayMs: 60 });
    services = await startE2eServices({
      name: 'providers',
      // A call may stay silent for a minute: only cancellation can end a stalled one in these tests.
      engineEnv: providerEnv('openai', provider, { SPEC_ENGINE_MODEL_TIMEOUT_SECONDS: '60' }),
    });
    alice = apiClient(services.orchestratorUrl, await services.tokenFor('alice'));
    engine = apiClient(services.engineUrl, services.engineToken);
  }, 120_000);
  afterAll(async () => {
    await services?.stop();
    await provider?.close();
  });

  it('streams the model text live and records the run token usage on the proposal', async () => {
    provider.enqueue(
      {
        kind: 'tool',
        name: 'write_file',
        args: { file_path: '/THE_SPEC/plan.md', content: PLAN },
        usage: { input: 900, output: 80 },
      },
      { kind: 'text', text: 'The plan now retries failed sends.', usage: { input: 1000, output: 9 } },
    );
    const workflowId = await createSeededWorkflow(alice, 'welcome emails');
    const started = await startRefinement(alice, workflowId, 'Retry failed email sends.');
    const stream = await readStream(services.wsUrl(started.thread_id), {
      token: await services.tokenFor('alice'),
    });
    const live = stream.frames
      .filter((f) => f.event_type === 'on_llm_stream')
      .map((f) => String(f.data.content));
    expect(live.length).toBeGreaterThan(1);
    expect(live.join('')).toBe('The plan now retries failed sends.');
    expect(stream.frames.at(-1)).toMatchObject({ event_type: 'end', data: { status: 'completed' } });

    const proposal = await waitSettled(alice, started.proposal_id);
    expect(proposal.status, JSON.stringify(proposal.error)).toBe('completed');
    expect(proposal.usage).toEqual({ input_tokens: 1900, output_tokens: 89 });
    expect(proposal.generated_files?.['/THE_SPEC/plan.md']?.content.join('\n')).toBe(PLAN);
  }, 120_000);

  it('rejecting a processing proposal closes the provider connection and stops the run', async () => {
    const before = provider.requests.length;
    const closedBefore = provider.closedEarly();
    provider.enqueue({ kind: 'stall' });
    const workflowId = await createSeededWorkflow(alice, 'stalled run');
    const started = await startRefinement(alice, workflowId, 'Anything.');
    await provider.waitForRequests(before + 1, 60_000);

    const rejected = await alice.post(`/api/proposals/${started.proposal_id}/reject`, {});
    expect(rejected.status).toBe(200);
    // Well before the 60 s call timeout: the rejection itself ended the call.
    await provider.waitForClosedEarly(closedBefore + 1, 30_000);
    await waitFor(
      'the engine thread to be deleted',
      () => engine.get(`${ENGINE}/state/${started.thread_id}`),
      (r) => r.status === 404,
      30_000,
    );
    expect(provider.requests.length).toBe(before + 1);
  }, 120_000);

  it('fails the proposal at once with a clear message when the provider rejects the key', async () => {
    const before = provider.requests.length;
    provider.enqueue({ kind: 'status', status: 401, message: 'Incorrect API key provided: sk-test***1234' });
    const workflowId = await createSeededWorkflow(alice, 'bad key');
    const started = await startRefinement(alice, workflowId, 'Anything.');
    const proposal = await waitSettled(alice, started.proposal_id);
    expect(proposal.status).toBe('failed');
    const message = (proposal.error as { error: string }).error;
    expect(message).toMatch(/^openai model .+ rejected the credentials \(HTTP 401\)/);
    expect(message).not.toMatch(/secret-value/);
    expect(provider.requests.length).toBe(before + 1);
    expect(proposal.usage).toEqual({ input_tokens: 0, output_tokens: 0 });
  }, 120_000);
});
