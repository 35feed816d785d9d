import { createRoute } from '@hono/zod-openapi';
import { errorResponses, jsonBody, jsonResponse, SECURED, WorkflowIdParams } from '../contract/common.js';
import { DRAFT_TOO_LARGE } from '../contract/drafts.js';
import { createRouteApp } from '../contract/openapi-app.js';
import { RefinementStartedSchema, StartRefinementBody } from '../contract/refinements.js';
import { approveProposal, rejectProposal } from '../services/proposals.js';
import { type RefinementDeps, startRefinement } from '../services/refinements.js';
import { resolutionDeclarations } from './resolution-routes.js';

const TAGS = ['Refinements'];

const start = createRoute({
  operationId: 'startRefinement',
  method: 'post',
  path: '/{id}/refinements',
  tags: TAGS,
  summary: 'Start an AI refinement of the draft; watch it at `websocket_url`',
  security: SECURED,
  request: { params: WorkflowIdParams, body: jsonBody(StartRefinementBody) },
  responses: {
    202: jsonResponse('Started', RefinementStartedSchema),
    ...errorResponses(400, 401, 404, 415, 502, 503),
    413: DRAFT_TOO_LARGE,
  },
});

/** `POST /api/workflows/{id}/refinements`: start a refinement (202). */
export function refinementStartRoutes(deps: RefinementDeps) {
  return createRouteApp().openapi(start, async (c) => {
    const { id } = c.req.valid('param');
    return c.json(await startRefinement(deps, c.get('user').id, id, c.req.valid('json')), 202);
  });
}

const { approve, reject } = resolutionDeclarations('Refinement', TAGS);

/** `/api/refinements/{proposal_id}/approve|reject`: the same as under `/api/proposals`. */
export function refinementResolutionRoutes(deps: RefinementDeps) {
  return createRouteApp()
    .openapi(approve, async (c) => {
      const { id } = c.req.valid('param');
      return c.json(await approveProposal(deps.sql, c.get('user').id, id, c.req.valid('json').files), 200);
    })
    .openapi(reject, async (c) =>
      c.json(await rejectProposal(deps.sql, c.get('user').id, c.req.valid('param').id), 200),
    );
}
