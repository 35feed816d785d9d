import { Hono } from 'hono';
import type { Sql } from '../../common/db/index.js';
import type { AppEnv } from '../app-env.js';
import { approveProposal, getProposal, rejectProposal } from '../services/proposals.js';

/** `/api/proposals/{id}`: read, approve and reject proposals. */
export function proposalRoutes(sql: Sql) {
  return new Hono<AppEnv>()
    .get('/:id', async (c) => c.json(await getProposal(sql, c.get('user').id, c.req.param('id')), 200))
    .post('/:id/approve', async (c) =>
      c.json(await approveProposal(sql, c.get('user').id, c.req.param('id')), 200),
    )
    .post('/:id/reject', async (c) =>
      c.json(await rejectProposal(sql, c.get('user').id, c.req.param('id')), 200),
    );
}
