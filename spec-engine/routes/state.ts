import { Hono } from 'hono';
import type { AppEnv } from '../app-env.js';
import { ApiError } from '../errors.js';

/** `GET /state/{thread_id}`: the truthful state of a run. */
export const stateRoutes = new Hono<AppEnv>().get('/state/:thread_id', async (c) => {
  const state = await c.var.runs.state(c.req.param('thread_id'));
  if (!state) throw ApiError.notFound('thread');
  return c.json(state, 200);
});
