import { Hono } from 'hono';
import type { Sql } from '../../common/db/index.js';
import type { AppEnv } from '../app-env.js';
import { createWorkflow, getWorkflow, listWorkflows } from '../services/workflows.js';
import { readJsonObject } from './read-json.js';

/** `/api/workflows`: create, list and read workflows. */
export function workflowRoutes(sql: Sql) {
  return new Hono<AppEnv>()
    .post('/', async (c) => {
      const body = await readJsonObject(c);
      return c.json(await createWorkflow(sql, c.get('user').id, body), 201);
    })
    .get('/', async (c) => c.json({ workflows: await listWorkflows(sql, c.get('user').id) }, 200))
    .get('/:id', async (c) => c.json(await getWorkflow(sql, c.get('user').id, c.req.param('id')), 200));
}
