import { createRoute } from '@hono/zod-openapi';
import type { Sql } from '../../common/db/index.js';
import {
  errorResponses,
  jsonResponse,
  ProposalIdParams,
  SECURED,
  WorkflowIdParams,
} from '../contract/common.js';
import { createRouteApp } from '../contract/openapi-app.js';
import { ProposalListQuery, ProposalPageSchema, ProposalSchema } from '../contract/proposals.js';
import { approveProposal, getProposal, listProposals, rejectProposal } from '../services/proposals.js';
import { resolutionDeclarations } from './resolution-routes.js';

const TAGS = ['Proposals'];

const read = createRoute({
  operationId: 'getProposal',
  method: 'get',
  path: '/{id}',
  tags: TAGS,
  summary: 'Read a proposal with its changes against the draft',
  security: SECURED,
  request: { params: ProposalIdParams },
  responses: { 200: jsonResponse('The proposal', ProposalSchema), ...errorResponses(400, 401, 404) },
});

const list = createRoute({
  operationId: 'listProposals',
  method: 'get',
  path: '/{id}/proposals',
  tags: TAGS,
  summary: "List a workflow's proposals, newest first, a page at a time",
  security: SECURED,
  request: { params: WorkflowIdParams, query: ProposalListQuery },
  responses: {
    200: jsonResponse('One page of proposals', ProposalPageSchema),
    ...errorResponses(400, 401, 404),
  },
});

const { approve, reject } = resolutionDeclarations('Proposal', TAGS);

/** `/api/proposals/{id}`: read, approve and reject proposals. */
export function proposalRoutes(sql: Sql) {
  return createRouteApp()
    .openapi(read, async (c) =>
      c.json(await getProposal(sql, c.get('user').id, c.req.valid('param').id), 200),
    )
    .openapi(approve, async (c) => {
      const { id } = c.req.valid('param');
      return c.json(await approveProposal(sql, c.get('user').id, id, c.req.valid('json').files), 200);
    })
    .openapi(reject, async (c) =>
      c.json(await rejectProposal(sql, c.get('user').id, c.req.valid('param').id), 200),
    );
}

/** `GET /api/workflows/{id}/proposals`: a workflow's proposals, paged. */
export function workflowProposalRoutes(sql: Sql) {
  return createRouteApp().openapi(list, async (c) => {
    const { id } = c.req.valid('param');
    return c.json(await listProposals(sql, c.get('user').id, id, c.req.valid('query')), 200);
  });
}
