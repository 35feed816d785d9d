import type { ClientResponse } from 'hono/client';
import {
  ApiClientError,
  createOrchestratorClient,
  draftFileParam,
  type OkBody,
  type OrchestratorClient,
  readOk,
} from '../../../orchestrator/client/index.js';
import { ApiFailure } from './failure.js';

/** Items per page of a list. */
const PAGE_SIZE = 20;

/** What the console's API needs from its surroundings. */
export interface ConsoleApiOptions {
  /** The current access token (read before every call). */
  readonly token: () => string | undefined;
  /** Called on any 401: the console returns to sign-in with a message. */
  readonly onUnauthorized: (message: string) => void;
}

/** A typed call's response, before its body is read. */
type Answer = ClientResponse<unknown, number, string>;

/**
 * The orchestrator's API as the console uses it, on the typed client (`orchestrator/client`):
 * one function per operation, each resolving to the 2xx body or throwing {@link ApiFailure}
 * (with `Retry-After` when the server sent one). The console's only way to the API.
 */
export function createConsoleApi(options: ConsoleApiOptions) {
  const api: OrchestratorClient = createOrchestratorClient({
    baseUrl: location.origin,
    token: () => options.token() ?? '',
  });

  async function ok<R extends Answer>(call: Promise<R>): Promise<OkBody<R>> {
    let response: R;
    try {
      response = await call;
    } catch {
      throw new ApiFailure(0, 'network', 'The orchestrator cannot be reached. Check your connection.');
    }
    const retryAfter = Number(response.headers.get('retry-after'));
    try {
      return await readOk(response);
    } catch (error) {
      if (!(error instanceof ApiClientError)) throw error;
      if (error.status === 401) options.onUnauthorized(error.message);
      throw new ApiFailure(error.status, error.code, error.message, retryAfter > 0 ? retryAfter : undefined);
    }
  }
  const workflow = (id: string) => ({ param: { id } });
  const file = (id: string, path: string) => ({ param: { id, path: draftFileParam(path) } });

  return {
    listWorkflows: (cursor?: string) =>
      ok(api.workflows.$get({ query: { limit: String(PAGE_SIZE), ...(cursor ? { cursor } : {}) } })),
    createWorkflow: (name: string, description: string) =>
      ok(api.workflows.$post({ json: { name, description } })),
    getWorkflow: (id: string) => ok(api.workflows[':id'].$get(workflow(id))),
    updateWorkflow: (id: string, fields: { name?: string; description?: string }) =>
      ok(api.workflows[':id'].$patch({ ...workflow(id), json: fields })),
    deleteWorkflow: (id: string) => ok(api.workflows[':id'].$delete(workflow(id))),
    getDraft: (id: string) => ok(api.workflows[':id'].draft.$get(workflow(id))),
    putFile: (id: string, path: string, content: string) =>
      ok(
        api.workflows[':id'].draft.files[':path{.+}'].$put({
          ...file(id, path),
          json: { content },
        }),
      ),
    deleteFile: (id: string, path: string) =>
      ok(api.workflows[':id'].draft.files[':path{.+}'].$delete(file(id, path))),
    listVersions: async (id: string) => (await ok(api.workflows[':id'].versions.$get(workflow(id)))).versions,
    publishVersion: (id: string) => ok(api.workflows[':id'].versions.$post(workflow(id))),
    listProposals: async (id: string) =>
      (
        await ok(
          api.workflows[':id'].proposals.$get({ ...workflow(id), query: { limit: String(PAGE_SIZE) } }),
        )
      ).proposals,
    startRefinement: (id: string, instructions: string) =>
      ok(
        api.workflows[':id'].refinements.$post({
          ...workflow(id),
          json: { instructions },
        }),
      ),
    getProposal: (id: string) => ok(api.proposals[':id'].$get(workflow(id))),
    /** Approves all files, or only `files` (partial approval). */
    approveProposal: (id: string, files?: readonly string[]) =>
      ok(api.proposals[':id'].approve.$post({ ...workflow(id), json: files ? { files: [...files] } : {} })),
    rejectProposal: (id: string) => ok(api.proposals[':id'].reject.$post(workflow(id))),
  };
}

/** The console's API. */
export type ConsoleApi = ReturnType<typeof createConsoleApi>;
