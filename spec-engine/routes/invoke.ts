import { Hono } from 'hono';
import { INVOKE_MAX_BYTES } from '../../common/contracts/draft-size.js';
import { extractTraceContext, getTracer, SpanKind, withSpan } from '../../common/observability/tracing.js';
import type { AppEnv } from '../app-env.js';
import { ApiError } from '../errors.js';
import { parseInvokeRequest } from '../runs/invoke-request.js';
import { RunServiceError } from '../runs/service.js';

/** `POST /invoke`: validates the body, starts the run once per `job_id`. */
export const invokeRoutes = new Hono<AppEnv>().post('/invoke', async (c) => {
  const length = Number(c.req.header('content-length') ?? 0);
  if (length > INVOKE_MAX_BYTES) {
    throw new ApiError(413, 'too_large', `the body is larger than ${INVOKE_MAX_BYTES} bytes`);
  }
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw ApiError.invalid('body', 'must be a JSON object');
  }
  const parsed = parseInvokeRequest(body);
  if (!parsed.ok) throw ApiError.invalid(parsed.field, parsed.message);
  try {
    // The orchestrator's traceparent makes this span part of its trace (W3C propagation).
    const parent = extractTraceContext({
      traceparent: c.req.header('traceparent'),
      tracestate: c.req.header('tracestate'),
    });
    const { threadId } = await withSpan(
      getTracer('spec-engine'),
      'spec-engine invoke',
      { kind: SpanKind.SERVER, parent, attributes: { 'job.id': parsed.value.job_id ?? '' } },
      () => c.var.runs.invoke(parsed.value, c.req.header('traceparent')),
    );
    return c.json({ thread_id: threadId, status: 'started' as const }, 200);
  } catch (error) {
    if (error instanceof RunServiceError)
      throw new ApiError(error.code === 'thread_deleted' ? 410 : 503, error.code, error.message);
    throw error;
  }
});
