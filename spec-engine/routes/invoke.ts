import { createRoute } from '@hono/zod-openapi';
import { extractTraceContext, getTracer, SpanKind, withSpan } from '../../common/observability/tracing.js';
import { errorResponses, jsonResponse, SECURED } from '../contract/common.js';
import { createRouteApp } from '../contract/route-app.js';
import { InvokeAcceptedSchema } from '../contract/runs.js';
import { ApiError } from '../../common/http/errors.js';
import { InvokeBody, toInvokeRequest } from '../runs/invoke-request.js';
import { type RunService, RunServiceError } from '../runs/service.js';

const invoke = createRoute({
  operationId: 'invoke',
  method: 'post',
  path: '/invoke',
  tags: ['Runs'],
  summary: 'Start a run (once per job_id: a repeated job_id answers the same thread)',
  description:
    "The caller's `traceparent` makes the run part of its trace. The body must be `application/json`; anything else answers 415.",
  security: SECURED,
  request: { body: { required: true, content: { 'application/json': { schema: InvokeBody } } } },
  responses: {
    200: jsonResponse('Started (or already started for this job_id)', InvokeAcceptedSchema),
    ...errorResponses(400, 410, 413, 415),
  },
});

/** `POST /invoke`: validates the body, starts the run once per `job_id`. */
export function invokeRoutes(runs: RunService) {
  return createRouteApp().openapi(invoke, async (c) => {
    const request = toInvokeRequest(c.req.valid('json'));
    try {
      // The orchestrator's traceparent makes this span part of its trace (W3C propagation).
      const parent = extractTraceContext({
        traceparent: c.req.header('traceparent'),
        tracestate: c.req.header('tracestate'),
      });
      const { threadId } = await withSpan(
        getTracer('spec-engine'),
        'spec-engine invoke',
        { kind: SpanKind.SERVER, parent, attributes: { 'job.id': request.job_id } },
        () => runs.invoke(request, c.req.header('traceparent')),
      );
      return c.json({ thread_id: threadId, status: 'started' as const }, 200);
    } catch (error) {
      if (error instanceof RunServiceError)
        throw new ApiError(error.code === 'thread_deleted' ? 410 : 503, error.code, error.message);
      throw error;
    }
  });
}
