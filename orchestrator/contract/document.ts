import { OpenAPIHono, z } from '@hono/zod-openapi';
import { type OpenApiDocument, registerProbes } from '../../common/contracts/openapi.js';
import { errorResponse, errorResponses, jsonResponse, SECURED } from './common.js';

/** What the document says about the API as a whole. */
const INFO = {
  title: 'IDE Orchestrator API',
  version: '1.0.0',
  description: [
    'Workflows, drafts, versions and AI refinements.',
    'Every `/api` route except the docs requires `Authorization: Bearer <JWT>`.',
    'Ids are UUIDs; bodies are JSON (`application/json`, anything else answers 415) up to 10 MiB;',
    "unknown body fields answer 400 naming the field. Another user's resource answers 404, exactly like a missing one.",
    'Errors are `{"error": {"code", "message"}}`; codes are stable. File content is accepted as a string',
    'or a list of lines; reads always return lines.',
  ].join(' '),
};

// Hono's `{path{.+}}` (a parameter spanning segments) is `{path}` to OpenAPI readers.
const MULTI_SEGMENT = /\{(\w+)\{[^}]*\}\}/g;

const Text = z.string();

/** Routes outside the zod-declared sub-apps: probes, metrics, the docs and the WebSocket. */
function registerOtherPaths(root: OpenAPIHono): void {
  const registry = root.openAPIRegistry;
  registry.registerPath({
    method: 'get',
    path: '/api/ws/refinements/{thread_id}',
    operationId: 'watchRefinement',
    tags: ['Refinements'],
    summary:
      'WebSocket: the run\'s event envelopes (token in the "bearer, <token>" subprotocol or Authorization, never the URL); resume with after_seq',
    description:
      'A refused upgrade answers its status with the usual JSON error body; a resolved (or cleaned up) run answers 410 `run_resolved`: read `GET /api/proposals/{id}` instead.',
    security: SECURED,
    request: {
      params: z.object({ thread_id: z.string().openapi({ param: { name: 'thread_id', in: 'path' } }) }),
      query: z.object({
        after_seq: z
          .string()
          .regex(/^\d{1,9}$/)
          .optional()
          .openapi({
            param: { name: 'after_seq', in: 'query' },
            description: 'Only events with a higher seq (resume after a drop)',
          }),
      }),
    },
    responses: {
      101: { description: 'Switching protocols; text frames carry event envelopes, closed 1000 after `end`' },
      ...errorResponses(400, 401, 404, 410),
      403: errorResponse('Origin not allowed'),
      426: errorResponse('Not a WebSocket upgrade'),
      503: errorResponse('Tokens cannot be verified right now (`auth_unavailable`, see Retry-After)'),
    },
  });
  registerProbes(registry, '/api/openapi.json');
  registry.registerPath({
    method: 'get',
    path: '/ready',
    operationId: 'ready',
    tags: ['Operations'],
    summary: 'Readiness (database reachable, not draining)',
    responses: {
      200: jsonResponse('Ready', z.object({ status: z.literal('ready'), database: z.literal('ok') })),
      503: {
        description: 'Database unreachable or shutting down',
        content: errorResponses(400)[400].content,
      },
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/docs',
    operationId: 'docs',
    tags: ['Operations'],
    summary: 'Interactive API reference (works offline)',
    responses: { 200: { description: 'HTML page', content: { 'text/html': { schema: Text } } } },
  });
}

export type { OpenApiDocument };

/**
 * The OpenAPI 3.1 document of the orchestrator, generated from the route declarations of
 * `api` (mounted at `/api`) plus the probes, docs and WebSocket routes.
 */
export function buildOpenApiDocument(api: OpenAPIHono<never> | OpenAPIHono): OpenApiDocument {
  const root = new OpenAPIHono();
  root.route('/api', api as OpenAPIHono);
  root.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  registerOtherPaths(root);
  const document = root.getOpenAPI31Document({ openapi: '3.1.0', info: INFO });
  const paths = Object.fromEntries(
    Object.entries(document.paths ?? {}).map(([path, item]) => [path.replace(MULTI_SEGMENT, '{$1}'), item]),
  );
  return { ...document, paths };
}
