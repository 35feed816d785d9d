import { createRoute } from '@hono/zod-openapi';
import { errorResponses, jsonResponse, ProposalIdParams, SECURED } from '../contract/common.js';
import { ApproveBody, ResolutionSchema } from '../contract/proposals.js';

/**
 * The approve and reject declarations, once per mount point: `/api/proposals/{id}` and the
 * older `/api/refinements/{id}` aliases share them (only the operation ids differ).
 */
export function resolutionDeclarations(prefix: 'Proposal' | 'Refinement', tags: string[]) {
  const approve = createRoute({
    operationId: `approve${prefix}`,
    method: 'post',
    path: '/{id}/approve',
    tags,
    summary:
      'Approve a completed proposal: its changes since the draft it started from (or only `files`) are merged into the current draft in one transaction; a path the draft also changed meanwhile, differently, answers 409 `draft_changed` naming it in `error.conflicts`',
    security: SECURED,
    request: {
      params: ProposalIdParams,
      body: { required: false, content: { 'application/json': { schema: ApproveBody } } },
    },
    responses: {
      200: jsonResponse('Approved; `applied` lists the paths applied', ResolutionSchema),
      ...errorResponses(400, 401, 404, 409, 415),
    },
  });
  const reject = createRoute({
    operationId: `reject${prefix}`,
    method: 'post',
    path: '/{id}/reject',
    tags,
    summary: 'Reject a processing, completed or failed proposal',
    security: SECURED,
    request: { params: ProposalIdParams },
    responses: { 200: jsonResponse('Rejected', ResolutionSchema), ...errorResponses(400, 401, 404, 409) },
  });
  return { approve, reject };
}
