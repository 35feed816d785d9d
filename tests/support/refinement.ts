import { expect } from 'vitest';
import { type ApiClient, waitFor } from './http.js';

/** The proposal as `GET /api/proposals/{id}` returns it (DESIGN §3.3). */
export interface Proposal {
  readonly id?: string;
  readonly status: 'processing' | 'completed' | 'failed' | 'resolved';
  readonly resolution: 'approved' | 'rejected' | null;
  readonly generated_files: Record<string, EngineFile> | null;
  readonly error: unknown;
  readonly usage?: { input_tokens: number; output_tokens: number } | null;
  readonly changes?: { added: string[]; modified: string[]; deleted: string[] };
  readonly working_notes?: string[];
}

/** A file in the engine's shape. */
export interface EngineFile {
  readonly content: string[];
  readonly created_at?: string;
  readonly modified_at?: string;
}

/** What `POST /api/workflows/{id}/refinements` answers. */
export interface Started {
  readonly proposal_id: string;
  readonly thread_id: string;
  readonly status: string;
  readonly websocket_url: string;
}

/** The draft seeded into every refinement test: a plan and a note the agent can build on. */
export const SEED_FILES: Record<string, string[]> = {
  '/THE_SPEC/plan.md': ['# Plan', '', 'Greet new users by email within one minute of sign-up.'],
  '/notes/context.md': ['Audience: internal platform team.'],
};

/** Creates a workflow for `api`'s user and seeds its draft with {@link SEED_FILES}. */
export async function createSeededWorkflow(api: ApiClient, name: string): Promise<string> {
  const created = await api.post<{ id: string }>('/api/workflows', { name, description: 'end-to-end test' });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  for (const [path, content] of Object.entries(SEED_FILES)) {
    const put = await api.put(`/api/workflows/${created.body.id}/draft/files${path}`, { content });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
  }
  return created.body.id;
}

/** Starts a refinement and checks the 202 answer's shape. */
export async function startRefinement(
  api: ApiClient,
  workflowId: string,
  instructions: string,
): Promise<Started> {
  const res = await api.post<Started>(`/api/workflows/${workflowId}/refinements`, { instructions });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  expect(res.body).toMatchObject({ status: 'processing' });
  expect(res.body.proposal_id).toMatch(/^[0-9a-f-]{36}$/);
  expect(res.body.websocket_url).toContain(res.body.thread_id);
  return res.body;
}

/** Waits until the proposal leaves `processing` and returns it. */
export async function waitSettled(api: ApiClient, proposalId: string, timeoutMs = 45_000): Promise<Proposal> {
  const res = await waitFor(
    `proposal ${proposalId} to leave processing`,
    () => api.get<Proposal>(`/api/proposals/${proposalId}`),
    (r) => r.status !== 200 || r.body.status !== 'processing',
    timeoutMs,
  );
  expect(res.status).toBe(200);
  return res.body;
}

/** The draft's files as `{path: lines}`, the part of a file a user reads. */
export function contentOf(files: Record<string, EngineFile>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(files).map(([path, file]) => [path, file.content]));
}
