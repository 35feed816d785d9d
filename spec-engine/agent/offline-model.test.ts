import { MemorySaver } from '@langchain/langgraph';
import { describe, expect, it } from 'vitest';
import { SPEC_BUILDER_DEFINITION } from '../../common/agents/spec-builder-definition.js';
import { buildAgent } from './build.js';
import { looksUnsafe, planWorkflow } from './offline-plan.js';

async function run(instructions: string) {
  const agent = buildAgent(SPEC_BUILDER_DEFINITION, {
    model: { provider: 'offline', stepDelayMs: 0 },
    env: {},
    checkpointer: new MemorySaver(),
  });
  const config = { configurable: { thread_id: 't' } };
  await agent.invoke({ messages: [{ role: 'user', content: instructions }] } as never, config as never);
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

  it('stops at the guardrail when the instructions embed a secret', async () => {
    expect(looksUnsafe('use password: hunter2')).toBe(true);
    const state = await run('Deploy with api_key=abc123 to production.');
    expect(state.files['/definition.json']).toBeUndefined();
    expect(String(state.messages.at(-1)?.content)).toMatch(/rejected by the guardrail/);
  });
});
