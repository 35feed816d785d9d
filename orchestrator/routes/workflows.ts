import { createRoute } from '@hono/zod-openapi';
import type { Sql } from '../../common/db/index.js';
import { errorResponses, jsonBody, jsonResponse, SECURED, WorkflowIdParams } from '../contract/common.js';
import { createRouteApp } from '../contract/openapi-app.js';
import {
  CreateWorkflowBody,
  UpdateWorkflowBody,
  WorkflowListQuery,
  WorkflowPageSchema,
  WorkflowSchema,
} from '../contract/workflows.js';
import {
  createWorkflow,
  deleteWorkflow,
  getWorkflow,
  listWorkflows,
  updateWorkflow,
} from '../services/workflows.js';

const TAGS = ['Workflows'];

const create = createRoute({
  operationId: 'createWorkflow',
  method: 'post',
  path: '/',
  tags: TAGS,
  summary: 'Create a workflow (with an empty draft)',
  security: SECURED,
  request: { body: jsonBody(CreateWorkflowBody) },
  responses: {
    201: jsonResponse('Created', WorkflowSchema),
    ...errorResponses(400, 401, 413, 415),
  },
});

const list = createRoute({
  operationId: 'listWorkflows',
  method: 'get',
  path: '/',
  tags: TAGS,
  summary: "List the caller's workflows, newest first, a page at a time",
  security: SECURED,
  request: { query: WorkflowListQuery },
  responses: { 200: jsonResponse('One page of workflows', WorkflowPageSchema), ...errorResponses(400, 401) },
});

const read = createRoute({
  operationId: 'getWorkflow',
  method: 'get',
  path: '/{id}',
  tags: TAGS,
  summary: 'Read a workflow',
  security: SECURED,
  request: { params: WorkflowIdParams },
  responses: { 200: jsonResponse('The workflow', WorkflowSchema), ...errorResponses(400, 401, 404) },
});

const update = createRoute({
  operationId: 'updateWorkflow',
  method: 'patch',
  path: '/{id}',
  tags: TAGS,
  summary: 'Rename a workflow or change its description',
  security: SECURED,
  request: { params: WorkflowIdParams, body: jsonBody(UpdateWorkflowBody) },
  responses: {
    200: jsonResponse('The updated workflow', WorkflowSchema),
    ...errorResponses(400, 401, 404, 413, 415),
  },
});

const remove = createRoute({
  operationId: 'deleteWorkflow',
  method: 'delete',
  path: '/{id}',
  tags: TAGS,
  summary: 'Delete a workflow with its draft, versions and proposals',
  description:
    'Unresolved proposals are rejected (a running refinement is stopped) and their engine threads cleaned up; from the answer on, the workflow and its proposals answer 404. The rows are removed once the cleanup is done.',
  security: SECURED,
  request: { params: WorkflowIdParams },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(400, 401, 404) },
});

/** `/api/workflows`: create, list, read, update and delete workflows. */
export function workflowRoutes(sql: Sql) {
  return createRouteApp()
    .openapi(create, async (c) =>
      c.json(await createWorkflow(sql, c.get('user').id, c.req.valid('json')), 201),
    )
    .openapi(list, async (c) => c.json(await listWorkflows(sql, c.get('user').id, c.req.valid('query')), 200))
    .openapi(read, async (c) =>
      c.json(await getWorkflow(sql, c.get('user').id, c.req.valid('param').id), 200),
    )
    .openapi(update, async (c) => {
      const { id } = c.req.valid('param');
      return c.json(await updateWorkflow(sql, c.get('user').id, id, c.req.valid('json')), 200);
    })
    .openapi(remove, async (c) => {
      await deleteWorkflow(sql, c.get('user').id, c.req.valid('param').id);
      return c.body(null, 204);
    });
}
