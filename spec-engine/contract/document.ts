import { OpenAPIHono, z } from '@hono/zod-openapi';
import { type OpenApiDocument, registerProbes } from '../../common/contracts/openapi.js';
import { errorResponses, jsonResponse, SECURED, ThreadParams } from './common.js';
import { StreamQuery } from './runs.js';

/** The base the document describes; `/deepagents-runtime` serves the same routes for older callers. */
const DOCUMENTED_BASE = '/spec-engine';

/** The base paths the routes answer under (the second is what older callers use). */
export const BASE_PATHS = [DOCUMENTED_BASE, '/deepagents-runtime'] as const;

/** The path the document describes for a served `path` (an alias base is read as the documented one). */
export function documentedPath(path: string): string {
  const alias = BASE_PATHS.find((base) => base !== DOCUMENTED_BASE && path.startsWith(`${base}/`));
  return alias ? DOCUMENTED_BASE + path.slice(alias.length) : path;
}

const INFO = {
  title: 'Spec Engine API',
  version: '1.0.0',
  description: [
    "Runs the agent that writes a workflow's spec; called by the orchestrator (DESIGN §3.2).",
    `Every route under \`${DOCUMENTED_BASE}\` is also served under \`/deepagents-runtime\`.`,
    'When SPEC_ENGINE_TOKEN is set, those routes (except this document) require `Authorization: Bearer <token>`;',
    '`/health`, `/ready` and `/metrics` never do.',
    'Errors are `{"error": {"code", "message"}}` (the message names the field at fault), the same body as the orchestrator\'s; codes are stable.',
    'A documented path asked with another method answers 405 with `Allow`.',
  ].join(' '),
};

const Check = z.object({ ok: z.boolean(), reason: z.string().optional() });

/** `/ready`'s answer: each check, and the verdict. */
function readinessSchema(status: 'ready' | 'not_ready') {
  return z.object({ status: z.literal(status), checks: z.record(z.string(), Check) });
}

/** Routes outside the zod-declared sub-apps: the WebSocket, probes, metrics and this document. */
function registerOtherPaths(root: OpenAPIHono): void {
  const registry = root.openAPIRegistry;
  registry.registerPath({
    method: 'get',
    path: `${DOCUMENTED_BASE}/stream/{thread_id}`,
    operationId: 'streamThread',
    tags: ['Runs'],
    summary: "WebSocket: the run's event envelopes, the replay first, then live; resume with after_seq",
    description:
      'Text frames carry `{event_type, data, seq, thread_id, ts}`. The socket closes with 1000 after `end` or when the thread is deleted, 1013 for a client that stops reading (reconnect with after_seq), 1011 when the event log is unavailable. A refused upgrade answers its status with the usual JSON error body.',
    security: SECURED,
    request: { params: ThreadParams, query: StreamQuery },
    responses: {
      101: { description: 'Switching protocols' },
      ...errorResponses(400, 404),
    },
  });
  registerProbes(registry, `${DOCUMENTED_BASE}/openapi.json`);
  registry.registerPath({
    method: 'get',
    path: '/ready',
    operationId: 'ready',
    tags: ['Operations'],
    summary: 'Readiness: the database (and NATS when configured) reachable, not draining',
    responses: {
      200: jsonResponse('Ready', readinessSchema('ready')),
      503: jsonResponse('Not ready: the failing checks say why', readinessSchema('not_ready')),
    },
  });
}

/** The Spec Engine's OpenAPI 3.1 document, from the declarations of `api` (mounted at the base) and the routes above. */
export function buildSpecEngineDocument(api: OpenAPIHono): OpenApiDocument {
  const root = new OpenAPIHono();
  root.route(DOCUMENTED_BASE, api);
  root.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  registerOtherPaths(root);
  return root.getOpenAPI31Document({ openapi: '3.1.0', info: INFO });
}
