import { Hono } from 'hono';
import type { AppEnv } from '../app-env.js';

/** `DELETE /threads/{thread_id}`: checkpoints, events and run record; idempotent. */
export const threadRoutes = new Hono<AppEnv>().delete('/threads/:thread_id', async (c) => {
  const threadId = c.req.param('thread_id');
  await c.var.runs.deleteThread(threadId);
  return c.json({ thread_id: threadId, deleted: true }, 200);
});
