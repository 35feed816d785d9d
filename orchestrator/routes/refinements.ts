import { Hono } from 'hono';
import type { AppEnv } from '../app-env.js';
import { approveProposal, rejectProposal } from '../services/proposals.js';
import { type RefinementDeps, startRefinement } from '../services/refinements.js';
import { readJsonObject } from './read-json.js';

/** `POST /api/workflows/{id}/refinements`: start a refinement (202). */
export function refinementStartRoutes(deps: RefinementDeps) {
  return new Hono<AppEnv>().post('/:id/refinements', async (c) => {
    const body = await readJsonObject(c);
    const started = await startRefinement(deps, c.get('user').id, c.req.param('id'), body);
    return c.json(started, 202);
  });
}

/** `/api/refinements/{proposal_id}/approve|reject`: the same as under `/api/proposals`. */
export function refinementResolutionRoutes(deps: RefinementDeps) {
  return new Hono<AppEnv>()
    .post('/:id/approve', async (c) =>
      c.json(await approveProposal(deps.sql, c.get('user').id, c.req.param('id')), 200),
    )
    .post('/:id/reject', async (c) =>
      c.json(await rejectProposal(deps.sql, c.get('user').id, c.req.param('id')), 200),
    );
}
