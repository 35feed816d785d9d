import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type Sql } from '../common/db/index.js';
import { createTestDatabase, type TestDatabase } from '../common/testing/postgres.js';
import type { RunningEngine } from './server.js';
import {
  collectStream,
  type Frame,
  getJson,
  invokeBody,
  postJson,
  requestJson,
  startTestEngine,
  upgradeStatus,
} from './testing/harness.js';

const shared = path.resolve(import.meta.dirname, '..', '..', 'shared', 'fixtures', 'spec-engine');
const hasShared = existsSync(shared);
if (!hasShared) {
  if (process.env.CI === 'true') throw new Error(`CI=true but ${shared} is missing`);
  console.warn(`[skip] ${shared} is missing: the upstream schema checks skip`);
}

function filesOf(
  frames: Frame[],
): Record<string, { content: string[]; created_at: string; modified_at: string }> {
  const last = frames.filter((f) => f.event_type === 'on_state_update' && f.data.files).at(-1);
  return (last?.data.files ?? {}) as Record<
    string,
    { content: string[]; created_at: string; modified_at: string }
  >;
}

describe('spec engine runs over HTTP and WebSocket (offline model, in-process queue)', () => {
  let db: TestDatabase;
  let engine: RunningEngine;
  let sql: Sql;
  let base: string;

  beforeAll(async () => {
    db = await createTestDatabase('spec_runs');
    engine = await startTestEngine({ databaseUrl: db.url });
    sql = connectDatabase(db.url, { max: 2 });
    base = `${engine.url}/spec-engine`;
  });
  afterAll(async () => {
    await sql?.end();
    await engine?.stop();
    await db?.drop();
  });

  async function runToEnd(instructions: string) {
    const { status, body } = await postJson(`${base}/invoke`, invokeBody(instructions));
    expect(status).toBe(200);
    expect(body.status).toBe('started');
    const threadId = body.thread_id as string;
    const stream = await collectStream(`${base}/stream/${threadId}`);
    return { threadId, ...stream };
  }

  it('streams the real run: envelope with seq 1..n, tool events, spec files, end, close 1000', async () => {
    const run = await runToEnd(
      'Collect invoices from email, then extract the totals. Post a summary to Slack.',
    );
    expect(run.closeCode).toBe(1000);
    expect(run.frames.map((f) => f.seq)).toEqual(run.frames.map((_, i) => i + 1));
    for (const f of run.frames) {
      expect(Object.keys(f).sort()).toEqual(['data', 'event_type', 'seq', 'thread_id', 'ts']);
      expect(f.thread_id).toBe(run.threadId);
      expect(Number.isNaN(Date.parse(f.ts))).toBe(false);
    }
    expect(run.frames.at(-1)).toMatchObject({ event_type: 'end', data: { status: 'completed' } });
    const toolStarts = run.frames.filter((f) => f.event_type === 'on_tool_start').map((f) => f.data.name);
    expect(toolStarts).toEqual(
      expect.arrayContaining(['task', 'write_file', 'validate_definition', 'write_todos']),
    );
    const validated = run.frames.find(
      (f) => f.event_type === 'on_tool_end' && f.data.name === 'validate_definition',
    );
    expect(String(validated?.data.output)).toMatch(/^valid/);
    const llm = run.frames.filter((f) => f.event_type === 'on_llm_stream');
    expect(llm.length).toBeGreaterThan(0);
    // Coalesced: fewer frames than the 24-character chunks the model streamed.
    expect(llm.some((f) => String(f.data.content).length > 24)).toBe(true);
    const update = run.frames.filter((f) => f.event_type === 'on_state_update').at(-1)!;
    expect(Object.keys(update.data).sort()).toEqual(['files', 'messages', 'todos']);
    const messages = update.data.messages as { type: string; content: unknown }[];
    expect(messages[0]).toMatchObject({ type: 'human' });
    expect(messages.some((m) => m.type === 'ai' && 'tool_calls' in m)).toBe(true);
    const files = filesOf(run.frames);
    for (const p of [
      '/THE_SPEC/constitution.md',
      '/THE_SPEC/requirements.md',
      '/THE_SPEC/plan.md',
      '/definition.json',
    ]) {
      expect(files[p], p).toBeDefined();
    }
    expect(Object.keys(files).filter((p) => p.startsWith('/THE_CAST/')).length).toBeGreaterThanOrEqual(2);
    const plan = files['/THE_SPEC/plan.md']!;
    expect(
      Array.isArray(plan.content) && plan.content.every((l) => typeof l === 'string' && !l.includes('\n')),
    ).toBe(true);
    expect(Number.isNaN(Date.parse(plan.created_at))).toBe(false);
    if (hasShared) {
      const schema = JSON.parse(readFileSync(path.join(shared, 'definition.schema.json'), 'utf8'));
      const validate = new Ajv({ strict: false }).compile(schema);
      expect(
        validate(JSON.parse(files['/definition.json']!.content.join('\n'))),
        JSON.stringify(validate.errors),
      ).toBe(true);
    }

    const state = await getJson(`${base}/state/${run.threadId}`);
    expect(state.status).toBe(200);
    expect(state.body).toMatchObject({
      thread_id: run.threadId,
      status: 'completed',
      last_seq: run.frames.length,
    });
    expect(state.body.generated_files).toEqual(files);
    expect(String((state.body.result as { message: string }).message)).toMatch(/ready/);
  });

  it('gives a late joiner the full replay, byte for byte, and after_seq only the rest', async () => {
    const run = await runToEnd('Summarize support tickets and escalate urgent ones.');
    const late = await collectStream(`${base}/stream/${run.threadId}`);
    expect(late.raw).toEqual(run.raw);
    expect(late.closeCode).toBe(1000);
    const after = await collectStream(`${base}/stream/${run.threadId}?after_seq=5`);
    expect(after.raw).toEqual(run.raw.slice(5));
    const pastEnd = await collectStream(`${base}/stream/${run.threadId}?after_seq=${run.frames.length}`);
    expect(pastEnd).toMatchObject({ raw: [], closeCode: 1000 });
    const old = await collectStream(`${engine.url}/deepagents-runtime/stream/${run.threadId}`);
    expect(old.raw).toEqual(run.raw);
  });

  it('designs different agents, prompts and files for different instructions', async () => {
    const a = filesOf((await runToEnd('Triage incoming pull requests, then label them by risk.')).frames);
    const b = filesOf((await runToEnd('Plan weekly meals; order groceries online.')).frames);
    const castA = Object.keys(a).filter((p) => p.startsWith('/THE_CAST/'));
    const castB = Object.keys(b).filter((p) => p.startsWith('/THE_CAST/'));
    expect(castA).not.toEqual(castB);
    expect(a['/definition.json']!.content).not.toEqual(b['/definition.json']!.content);
    const promptsOf = (f: typeof a) =>
      (
        JSON.parse(f['/definition.json']!.content.join('\n')).nodes as { config: { system_prompt: string } }[]
      ).map((n) => n.config.system_prompt);
    expect(promptsOf(a)).not.toEqual(promptsOf(b));
    expect(promptsOf(a).join(' ')).toMatch(/pull requests/);
  });

  it('seeds the file tree from input_payload.files and keeps files the run does not touch', async () => {
    const seeded = {
      content: ['# Notes', 'keep me'],
      created_at: '2026-01-01T00:00:00.000Z',
      modified_at: '2026-01-02T00:00:00.000Z',
    };
    const { body } = await postJson(`${base}/invoke`, {
      input_payload: {
        messages: [{ role: 'user', content: 'Tag customer emails by sentiment.' }],
        files: { '/notes/draft.md': seeded, '/THE_SPEC/plan.md': { content: 'old plan\nline two' } },
      },
    });
    const { frames } = await collectStream(`${base}/stream/${body.thread_id}`);
    const first = frames.find((f) => f.event_type === 'on_state_update')!;
    expect((first.data.files as Record<string, unknown>)['/THE_SPEC/plan.md']).toMatchObject({
      content: ['old plan', 'line two'],
    });
    const files = filesOf(frames);
    expect(files['/notes/draft.md']).toEqual(seeded);
    expect(files['/THE_SPEC/plan.md']!.content.join('\n')).toMatch(/TagCustomerAgent/);
  });

  it("runs a request's own agent_definition: its specialists, prompts and built-in tools", async () => {
    const model = { provider: 'openai', model: 'gpt-4.1-mini' };
    const agentDefinition = {
      name: 'greeter',
      version: '1',
      tool_definitions: [],
      nodes: [
        {
          id: 'lead',
          type: 'Orchestrator',
          config: { name: 'Lead', system_prompt: 'Coordinate.', model, tools: [] },
        },
        {
          id: 'greeting-writer',
          type: 'Specialist',
          config: {
            name: 'Greeter',
            description: 'Writes greetings',
            system_prompt: 'Greet warmly.',
            model,
            tools: ['generate_diff'],
          },
        },
      ],
      edges: [{ source: 'lead', target: 'greeting-writer', type: 'specialists' }],
    };
    const { body } = await postJson(
      `${base}/invoke`,
      invokeBody('Say hello to new users.', { agent_definition: agentDefinition }),
    );
    const { frames } = await collectStream(`${base}/stream/${body.thread_id}`);
    expect(frames.at(-1)).toMatchObject({ event_type: 'end', data: { status: 'completed' } });
    const task = frames.find((f) => f.event_type === 'on_tool_start' && f.data.name === 'task');
    expect(task?.data.input).toMatchObject({ subagent_type: 'greeting-writer' });
    expect(Object.keys(filesOf(frames))).toEqual(['/notes/greeting-writer.md']);
  });

  it('never starts a second run for the same job_id', async () => {
    const jobId = '5b0c8f3e-6a51-4f7e-9a43-0d6f0a1c2b3d';
    const first = await postJson(`${base}/invoke`, invokeBody('Draft release notes.', { job_id: jobId }));
    const second = await postJson(
      `${base}/invoke`,
      invokeBody('Something else entirely.', { job_id: jobId }),
    );
    expect(first.body).toEqual({ thread_id: jobId, status: 'started' });
    expect(second.body).toEqual({ thread_id: jobId, status: 'started' });
    const { frames } = await collectStream(`${base}/stream/${jobId}`);
    expect(frames.filter((f) => f.event_type === 'end')).toHaveLength(1);
    const [row] =
      await sql`select count(*)::int as n, max(attempts) as attempts from spec_runs where thread_id = ${jobId}`;
    expect(row).toMatchObject({ n: 1, attempts: 1 });
    const human = (
      frames.filter((f) => f.event_type === 'on_state_update').at(-1)!.data.messages as { type: string }[]
    ).filter((m) => m.type === 'human');
    expect(human).toHaveLength(1);
  });

  it('answers 400 naming the field at fault', async () => {
    const cases: [unknown, string][] = [
      [{}, 'input_payload'],
      [{ input_payload: { messages: [] } }, 'input_payload.messages'],
      [{ input_payload: { messages: [{ role: 'robot', content: 'x' }] } }, 'input_payload.messages[0].role'],
      [invokeBody('x', { job_id: 'a.b' }), 'job_id'],
      [
        {
          input_payload: { messages: [{ role: 'user', content: 'x' }], files: { 'rel.md': { content: [] } } },
        },
        'input_payload.files["rel.md"]',
      ],
      [
        invokeBody('x', {
          agent_definition: {
            nodes: [
              {
                id: 'o',
                type: 'Orchestrator',
                config: {
                  name: 'O',
                  system_prompt: 'p',
                  model: { provider: 'openai', model: 'm' },
                  tools: ['rm_rf'],
                },
              },
            ],
          },
        }),
        'agent_definition.nodes[0].config.tools[0]',
      ],
      ['not json', 'body'],
    ];
    for (const [body, field] of cases) {
      const res = await postJson(`${base}/invoke`, body);
      expect(res.status, field).toBe(400);
      const { code, message } = res.body.error as { code: string; message: string };
      // The field at fault leads the message; a body that is not JSON at all is named as such.
      const named = field === 'body' ? 'request body must be valid JSON' : `${field}: `;
      expect([code, message.startsWith(named)], message).toEqual(['invalid_request', true]);
    }
  });

  it('answers 404 for an unknown thread, before the upgrade', async () => {
    expect(await upgradeStatus(`${base}/stream/no-such-thread`)).toBe(404);
    expect((await getJson(`${base}/state/no-such-thread`)).status).toBe(404);
    expect(await upgradeStatus(`${base}/stream/x?after_seq=-1`)).toBe(400);
  });

  it('deletes checkpoints, events and the run record, idempotently', async () => {
    const run = await runToEnd('Review expense reports.');
    const count = async () => {
      const [r] = await sql`select
        (select count(*) from checkpoints where thread_id = ${run.threadId})::int as cp,
        (select count(*) from checkpoint_writes where thread_id = ${run.threadId})::int as cw,
        (select count(*) from checkpoint_blobs where thread_id = ${run.threadId})::int as cb,
        (select count(*) from spec_events where thread_id = ${run.threadId})::int as ev,
        (select count(*) from spec_runs where thread_id = ${run.threadId})::int as runs`;
      return r;
    };
    expect((await count())?.cp).toBeGreaterThan(0);
    for (let i = 0; i < 2; i++) {
      const res = await requestJson('DELETE', `${base}/threads/${run.threadId}`);
      expect(res.status).toBe(200);
    }
    expect(await count()).toEqual({ cp: 0, cw: 0, cb: 0, ev: 0, runs: 0 });
    expect((await getJson(`${base}/state/${run.threadId}`)).status).toBe(404);
  });

  it('serves /health, /ready and /metrics at the root', async () => {
    expect((await getJson(`${engine.url}/health`)).status).toBe(200);
    const ready = await getJson(`${engine.url}/ready`);
    expect(ready).toMatchObject({
      status: 200,
      body: { status: 'ready', checks: { database: { ok: true } } },
    });
    const metrics = await (await fetch(`${engine.url}/metrics`)).text();
    expect(metrics).toMatch(/spec_engine_runs_total\{status="completed"/);
  });

  it('counts the events by type, the checkpoints written and the queued runs on /metrics', async () => {
    const metrics = await (await fetch(`${engine.url}/metrics`)).text();
    const value = (series: RegExp) => Number(series.exec(metrics)?.[1] ?? Number.NaN);
    // Earlier tests of this file ran to `end`: every finished run published one `end` event.
    expect(value(/^spec_engine_events_total\{event_type="end"[^}]*\} (\d+)$/m)).toBeGreaterThan(0);
    expect(value(/^spec_engine_events_total\{event_type="on_state_update"[^}]*\} (\d+)$/m)).toBeGreaterThan(
      0,
    );
    // Exported from the start at 0, so rate() sees the first one.
    expect(value(/^spec_engine_events_total\{event_type="other"[^}]*\} (\d+)$/m)).toBe(0);
    expect(value(/^spec_engine_checkpoints_total\{[^}]*\} (\d+)$/m)).toBeGreaterThan(0);
    expect(value(/^spec_engine_checkpoint_write_duration_seconds_count\{[^}]*\} (\d+)$/m)).toBeGreaterThan(0);
    expect(value(/^spec_engine_runs_queued\{[^}]*\} (\d+)$/m)).toBe(0);
  });
});
