import { MemorySaver } from '@langchain/langgraph';
import { describe, expect, it } from 'vitest';
import { SPEC_BUILDER_DEFINITION } from '../../common/agents/spec-builder-definition.js';
import { buildAgent } from './build.js';
import { looksUnsafe, planWorkflow } from './offline-plan.js';

async function run(instructions: string, files: Record<string, { content: string[] }> = {}) {
  const agent = buildAgent(SPEC_BUILDER_DEFINITION, {
    model: { provider: 'offline', stepDelayMs: 0 },
    env: {},
    checkpointer: new MemorySaver(),
  });
  const config = { configurable: { thread_id: 't' } };
  const at = '2026-01-01T00:00:00.000Z';
  const input = {
    messages: [{ role: 'user', content: instructions }],
    files: Object.fromEntries(
      Object.entries(files).map(([p, f]) => [p, { ...f, created_at: at, modified_at: at }]),
    ),
  };
  await agent.invoke(input as never, config as never);
  return (await agent.graph.getState(config as never)).values as {
    files: Record<string, { content: string[] }>;
    messages: { content: unknown }[];
    todos: { status: string }[];
  };
}

describe('the offline model', () => {
  it('designs one agent per step of the instructions', () => {
    const plan = planWorkflow('Fetch the news, then summarize it; email the digest.');
    expect(plan.agents.map((a) => a.name)).toEqual(['FetchNewsAgent', 'SummarizeAgent', 'EmailDigestAgent']);
    expect(plan.name).toBe('fetch-news-summarize-email');
  });

  it('drives the deep agent to a full specification with todos completed', async () => {
    const state = await run('Fetch the news, then summarize it.');
    expect(Object.keys(state.files).sort()).toEqual([
      '/THE_CAST/FetchNewsAgent.md',
      '/THE_CAST/SummarizeAgent.md',
      '/THE_SPEC/constitution.md',
      '/THE_SPEC/plan.md',
      '/THE_SPEC/requirements.md',
      '/definition.json',
      '/guardrail_assessment.md',
      '/impact_assessment.md',
    ]);
    expect(state.todos.every((t) => t.status === 'completed')).toBe(true);
  });

  it("builds on the user's draft: their text stays first, the model's section follows", async () => {
    const mine = ['# Plan', '', 'Greet new users by email within one minute of sign-up.'];
    const state = await run('Fetch the news, then summarize it.', {
      '/THE_SPEC/plan.md': { content: mine },
      '/notes/context.md': { content: ['Audience: internal platform team.'] },
    });
    const plan = state.files['/THE_SPEC/plan.md']!.content;
    expect(plan.slice(0, mine.length)).toEqual(mine);
    expect(plan).toContain('## Plan: fetch-news-summarize');
    expect(plan.join('\n')).toContain('| 1 | FetchNewsAgent |');
    // Files the model does not write are left alone.
    expect(state.files['/notes/context.md']!.content).toEqual(['Audience: internal platform team.']);
    // New files get the model's text as before.
    expect(state.files['/THE_SPEC/requirements.md']!.content[0]).toBe('# Requirements: fetch-news-summarize');
  });

  it('stops at the guardrail when the instructions embed a secret', async () => {
    expect(looksUnsafe('use password: hunter2')).toBe(true);
    const state = await run('Deploy with api_key=abc123 to production.');
    expect(state.files['/definition.json']).toBeUndefined();
    expect(String(state.messages.at(-1)?.content)).toMatch(/rejected by the guardrail/);
  });
});
