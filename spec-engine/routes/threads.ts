import { createRoute } from '@hono/zod-openapi';
import { errorResponses, jsonResponse, SECURED, ThreadParams } from '../contract/common.js';
import { createRouteApp } from '../contract/route-app.js';
import { ThreadDeletedSchema } from '../contract/runs.js';
import type { RunService } from '../runs/service.js';

const remove = createRoute({
  operationId: 'deleteThread',
  method: 'delete',
  path: '/threads/{thread_id}',
  tags: ['Runs'],
  summary: 'Delete a thread: stop its run, remove checkpoints, events and run record (idempotent)',
  description:
    'Open streams of the thread close with 1000 `thread deleted`; its job_id cannot start a run again (410).',
  security: SECURED,
  request: { params: ThreadParams },
  responses: { 200: jsonResponse('Deleted (or already gone)', ThreadDeletedSchema), ...errorResponses() },
});

/** `DELETE /threads/{thread_id}`: checkpoints, events and run record; idempotent. */
export function threadRoutes(runs: RunService) {
  return createRouteApp().openapi(remove, async (c) => {
    const threadId = c.req.valid('param').thread_id;
    await runs.deleteThread(threadId);
    return c.json({ thread_id: threadId, deleted: true as const }, 200);
  });
}
