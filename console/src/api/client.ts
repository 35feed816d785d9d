import { ApiFailure } from './failure.js';
import type {
  Draft,
  Proposal,
  ProposalSummary,
  StartedRefinement,
  VersionSummary,
  Workflow,
  WorkflowPage,
} from './types.js';

/** What the console's API needs from its surroundings. */
export interface ConsoleApiOptions {
  /** The current access token (read before every call). */
  readonly token: () => string | undefined;
  /** Called on any 401: the console returns to sign-in with a message. */
  readonly onUnauthorized: (message: string) => void;
}

/** The draft-file part of a URL: the absolute path without its leading `/`, segments encoded. */
function filePart(path: string): string {
  return path.replace(/^\/+/, '').split('/').map(encodeURIComponent).join('/');
}

function retryAfterOf(headers: Headers): number | undefined {
  const value = Number(headers.get('retry-after'));
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/**
 * The orchestrator's REST API as the console uses it: one function per operation, each
 * resolving to the 2xx body or throwing {@link ApiFailure}. The only module that talks HTTP.
 */
export function createConsoleApi(options: ConsoleApiOptions) {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const token = options.token();
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`/api${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch {
      throw new ApiFailure(0, 'network', 'The orchestrator cannot be reached. Check your connection.');
    }
    if (response.status === 204) return undefined as T;
    const parsed = (await response.json().catch(() => undefined)) as
      | { error?: { code?: string; message?: string } }
      | undefined;
    if (response.ok) return parsed as T;
    const code = parsed?.error?.code ?? 'http_error';
    const message = parsed?.error?.message ?? `HTTP ${response.status}`;
    if (response.status === 401) options.onUnauthorized(message);
    throw new ApiFailure(response.status, code, message, retryAfterOf(response.headers));
  }

  return {
    listWorkflows: async (cursor?: string): Promise<WorkflowPage> => {
      const page = await call<Partial<WorkflowPage>>(
        'GET',
        `/workflows?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      return { workflows: page.workflows ?? [], next_cursor: page.next_cursor ?? null };
    },
    createWorkflow: (name: string, description: string) =>
      call<Workflow>('POST', '/workflows', { name, description }),
    getWorkflow: (id: string) => call<Workflow>('GET', `/workflows/${id}`),
    updateWorkflow: (id: string, fields: { name?: string; description?: string }) =>
      call<Workflow>('PATCH', `/workflows/${id}`, fields),
    deleteWorkflow: (id: string) => call<void>('DELETE', `/workflows/${id}`),
    getDraft: (id: string) => call<Draft>('GET', `/workflows/${id}/draft`),
    putFile: (id: string, path: string, content: string) =>
      call<Draft>('PUT', `/workflows/${id}/draft/files/${filePart(path)}`, { content }),
    deleteFile: (id: string, path: string) =>
      call<Draft>('DELETE', `/workflows/${id}/draft/files/${filePart(path)}`),
    listVersions: async (id: string) =>
      (await call<{ versions: VersionSummary[] }>('GET', `/workflows/${id}/versions`)).versions,
    publishVersion: (id: string) => call<VersionSummary>('POST', `/workflows/${id}/versions`, {}),
    listProposals: async (id: string) =>
      (await call<{ proposals: ProposalSummary[] }>('GET', `/workflows/${id}/proposals?limit=20`)).proposals,
    startRefinement: (id: string, instructions: string) =>
      call<StartedRefinement>('POST', `/workflows/${id}/refinements`, { instructions }),
    getProposal: (id: string) => call<Proposal>('GET', `/proposals/${id}`),
    /** Approves all files, or only `files` (partial approval). */
    approveProposal: (id: string, files?: readonly string[]) =>
      call<unknown>('POST', `/proposals/${id}/approve`, files ? { files } : {}),
    rejectProposal: (id: string) => call<unknown>('POST', `/proposals/${id}/reject`, {}),
  };
}

/** The console's API. */
export type ConsoleApi = ReturnType<typeof createConsoleApi>;
