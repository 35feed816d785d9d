/** The OpenAPI 3.1 description of the orchestrator's HTTP API (DESIGN §3.3). */

const uuid = { type: 'string', format: 'uuid' } as const;
const ts = { type: 'string', format: 'date-time' } as const;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ 'application/json': { schema } });
const ok = (description: string, schema: unknown) => ({ description, content: json(schema) });
const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((code) => [String(code), { $ref: `#/components/responses/E${code}` }]));
const idParam = (name: string, description: string) => ({
  name,
  in: 'path',
  required: true,
  schema: uuid,
  description,
});
const workflowId = idParam('id', 'Workflow id');
const proposalId = idParam('id', 'Proposal id');
const secured = [{ bearer: [] }];

const resolution = (field: 'approved_at' | 'rejected_at', value: string) => ({
  type: 'object',
  required: ['proposal_id', 'status', 'resolution', field],
  properties: {
    proposal_id: uuid,
    status: { const: 'resolved' },
    resolution: { const: value },
    [field]: ts,
  },
});

const resolveOps = (base: string) => ({
  [`${base}/approve`]: {
    post: {
      summary: 'Approve a completed proposal: the draft becomes its file tree (one transaction)',
      security: secured,
      parameters: [proposalId],
      responses: {
        '200': ok('Approved', resolution('approved_at', 'approved')),
        ...errors(400, 401, 404, 409),
      },
    },
  },
  [`${base}/reject`]: {
    post: {
      summary: 'Reject a processing, completed or failed proposal',
      security: secured,
      parameters: [proposalId],
      responses: {
        '200': ok('Rejected', resolution('rejected_at', 'rejected')),
        ...errors(400, 401, 404, 409),
      },
    },
  },
});

const errorResponse = (description: string) => ({ description, content: json(ref('Error')) });

/** The document served at `/api/openapi.json`. */
export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'IDE Orchestrator API',
    version: '1.0.0',
    description:
      "Workflows, drafts, versions and AI refinements. Every /api route except the docs requires `Authorization: Bearer <JWT>`. Ids are UUIDs; bodies are JSON up to 10 MiB. Another user's resource answers 404, exactly like a missing one.",
  },
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    schemas: {
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message'],
            properties: { code: { type: 'string' }, message: { type: 'string' } },
          },
        },
      },
      File: {
        type: 'object',
        required: ['content', 'created_at', 'modified_at'],
        properties: {
          content: { type: 'array', items: { type: 'string' } },
          created_at: ts,
          modified_at: ts,
        },
      },
      FileTree: {
        type: 'object',
        additionalProperties: ref('File'),
        description: 'Files keyed by absolute path',
      },
      Workflow: {
        type: 'object',
        required: ['id', 'name', 'description', 'created_at', 'updated_at'],
        properties: {
          id: uuid,
          name: { type: 'string' },
          description: { type: 'string' },
          created_at: ts,
          updated_at: ts,
        },
      },
      Draft: {
        type: 'object',
        required: ['revision', 'files'],
        properties: { revision: { type: 'integer' }, files: ref('FileTree') },
      },
      Version: {
        type: 'object',
        required: ['workflow_id', 'version', 'draft_revision', 'created_at', 'file_count'],
        properties: {
          workflow_id: uuid,
          version: { type: 'integer' },
          draft_revision: { type: 'integer' },
          created_at: ts,
          file_count: { type: 'integer' },
          files: ref('FileTree'),
        },
      },
      Proposal: {
        type: 'object',
        properties: {
          id: uuid,
          proposal_id: uuid,
          workflow_id: uuid,
          thread_id: { type: 'string' },
          status: { enum: ['processing', 'completed', 'failed', 'resolved'] },
          resolution: { enum: ['approved', 'rejected', null] },
          generated_files: { description: 'Exactly as the Spec Engine sent them' },
          error: { type: ['object', 'null'] },
          usage: {
            type: ['object', 'null'],
            description: 'Tokens the run consumed, as the model providers counted them',
            properties: { input_tokens: { type: 'integer' }, output_tokens: { type: 'integer' } },
          },
          base_revision: { type: 'integer' },
          changes: {
            type: 'object',
            properties: {
              added: { type: 'array', items: { type: 'string' } },
              modified: { type: 'array', items: { type: 'string' } },
              deleted: { type: 'array', items: { type: 'string' } },
            },
          },
          working_notes: {
            type: 'array',
            items: { type: 'string' },
            description:
              'New files the agent wrote for itself (outside /THE_SPEC/, /THE_CAST/, /definition.json and the draft it was given): shown, never applied',
          },
          created_at: ts,
          updated_at: ts,
          completed_at: { type: ['string', 'null'], format: 'date-time' },
          resolved_at: { type: ['string', 'null'], format: 'date-time' },
        },
      },
    },
    responses: {
      E400: errorResponse('Malformed id or invalid body'),
      E401: errorResponse('Missing or invalid token'),
      E403: errorResponse('Origin not allowed'),
      E404: errorResponse('Not found (or owned by another user)'),
      E409: errorResponse('Conflict with the current state'),
      E410: errorResponse('The run is resolved: read GET /api/proposals/{id} instead'),
      E413: errorResponse('Body larger than 10 MiB'),
      E502: errorResponse('The Spec Engine refused or failed'),
      E503: errorResponse('The Spec Engine is unavailable (see Retry-After)'),
    },
  },
  paths: {
    '/api/workflows': {
      post: {
        summary: 'Create a workflow',
        security: secured,
        requestBody: {
          required: true,
          content: json({
            type: 'object',
            required: ['name'],
            properties: { name: { type: 'string', maxLength: 200 }, description: { type: 'string' } },
          }),
        },
        responses: { '201': ok('Created', ref('Workflow')), ...errors(400, 401, 413) },
      },
      get: {
        summary: "List the caller's workflows",
        security: secured,
        responses: {
          '200': ok('Workflows', {
            type: 'object',
            properties: { workflows: { type: 'array', items: ref('Workflow') } },
          }),
          ...errors(401),
        },
      },
    },
    '/api/workflows/{id}': {
      get: {
        summary: 'Read a workflow',
        security: secured,
        parameters: [workflowId],
        responses: { '200': ok('Workflow', ref('Workflow')), ...errors(400, 401, 404) },
      },
    },
    '/api/workflows/{id}/draft': {
      get: {
        summary: 'Read the draft (revision and files)',
        security: secured,
        parameters: [workflowId],
        responses: { '200': ok('Draft', ref('Draft')), ...errors(400, 401, 404) },
      },
      delete: {
        summary: 'Discard the draft: its files become those of the latest version (or none)',
        security: secured,
        parameters: [workflowId],
        responses: { '200': ok('Draft after discarding', ref('Draft')), ...errors(400, 401, 404) },
      },
    },
    '/api/workflows/{id}/draft/files/{path}': {
      put: {
        summary: 'Create or replace a draft file (path without its leading /, segments URL-encoded)',
        security: secured,
        parameters: [
          workflowId,
          { name: 'path', in: 'path', required: true, schema: { type: 'string', maxLength: 500 } },
        ],
        requestBody: {
          required: true,
          content: json({
            type: 'object',
            required: ['content'],
            properties: {
              content: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
            },
          }),
        },
        responses: {
          '200': ok('Written', {
            type: 'object',
            properties: { path: { type: 'string' }, revision: { type: 'integer' }, file: ref('File') },
          }),
          ...errors(400, 401, 404, 413),
        },
      },
      delete: {
        summary: 'Delete a draft file',
        security: secured,
        parameters: [workflowId, { name: 'path', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': ok('Deleted', {
            type: 'object',
            properties: { path: { type: 'string' }, revision: { type: 'integer' } },
          }),
          ...errors(400, 401, 404),
        },
      },
    },
    '/api/workflows/{id}/versions': {
      post: {
        summary: 'Publish the draft as the next version',
        security: secured,
        parameters: [workflowId],
        responses: { '201': ok('Published', ref('Version')), ...errors(400, 401, 404, 409) },
      },
      get: {
        summary: 'List versions',
        security: secured,
        parameters: [workflowId],
        responses: {
          '200': ok('Versions', {
            type: 'object',
            properties: { versions: { type: 'array', items: ref('Version') } },
          }),
          ...errors(400, 401, 404),
        },
      },
    },
    '/api/workflows/{id}/versions/{n}': {
      get: {
        summary: 'Read a version with its files',
        security: secured,
        parameters: [
          workflowId,
          { name: 'n', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } },
        ],
        responses: { '200': ok('Version', ref('Version')), ...errors(400, 401, 404) },
      },
    },
    '/api/workflows/{id}/refinements': {
      post: {
        summary: 'Start an AI refinement of the draft',
        security: secured,
        parameters: [workflowId],
        requestBody: {
          required: true,
          content: json({
            type: 'object',
            properties: {
              instructions: { type: 'string' },
              user_prompt: { type: 'string', description: 'Older name of instructions' },
              context_file_path: { type: 'string' },
              context_selection: { type: 'string' },
            },
          }),
        },
        responses: {
          '202': ok('Started', {
            type: 'object',
            required: ['proposal_id', 'thread_id', 'status', 'websocket_url', 'created_at'],
            properties: {
              proposal_id: uuid,
              thread_id: { type: 'string' },
              status: { const: 'processing' },
              websocket_url: { type: 'string' },
              created_at: ts,
            },
          }),
          ...errors(400, 401, 404, 413, 502, 503),
        },
      },
    },
    '/api/proposals/{id}': {
      get: {
        summary: 'Read a proposal with its changes against the draft',
        security: secured,
        parameters: [proposalId],
        responses: { '200': ok('Proposal', ref('Proposal')), ...errors(400, 401, 404) },
      },
    },
    ...resolveOps('/api/proposals/{id}'),
    ...resolveOps('/api/refinements/{id}'),
    '/api/ws/refinements/{thread_id}': {
      get: {
        summary:
          'WebSocket: the run\'s events, verbatim (token in Authorization, the "bearer, <token>" subprotocol, or ?token=)',
        security: secured,
        parameters: [{ name: 'thread_id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '101': { description: 'Switching protocols' },
          ...errors(400, 401, 403, 404, 410, 503),
        },
      },
    },
    '/health': { get: { summary: 'Liveness', responses: { '200': { description: 'Alive' } } } },
    '/ready': {
      get: {
        summary: 'Readiness (database reachable)',
        responses: { '200': { description: 'Ready' }, '503': { description: 'Database unreachable' } },
      },
    },
    '/metrics': {
      get: { summary: 'Prometheus metrics', responses: { '200': { description: 'Text exposition format' } } },
    },
  },
} as const;
