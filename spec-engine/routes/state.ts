import { createRoute, type z } from '@hono/zod-openapi';
import { errorResponses, jsonResponse, SECURED, ThreadParams } from '../contract/common.js';
import { createRouteApp } from '../contract/route-app.js';
import { ThreadStateSchema } from '../contract/runs.js';
import { ApiError } from '../../common/http/errors.js';
import type { RunService } from '../runs/service.js';

const read = createRoute({
  operationId: 'getState',
  method: 'get',
  path: '/state/{thread_id}',
  tags: ['Runs'],
  summary: 'The truthful state of a run',
  security: SECURED,
  request: { params: ThreadParams },
  responses: { 200: jsonResponse('The run', ThreadStateSchema), ...errorResponses(404) },
});

/** `GET /state/{thread_id}`: the truthful state of a run. */
export function stateRoutes(runs: RunService) {
  return createRouteApp().openapi(read, async (c) => {
    const state = await runs.state(c.req.valid('param').thread_id);
    if (!state) throw ApiError.notFound('thread');
    // The service types files and result loosely; the route tests check the answer against the schema.
    return c.json(state as z.input<typeof ThreadStateSchema>, 200);
  });
}
