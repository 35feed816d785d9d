import { z } from '@hono/zod-openapi';
import { errorResponsesOf, jsonResponse } from '../../common/contracts/openapi.js';
import { INVOKE_MAX_BYTES } from '../../common/contracts/draft-size.js';

/** The `{"error": {"code", "message"}}` body every failure answers with (the orchestrator's too). */
export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'not_found' }),
      message: z.string().openapi({ example: 'thread not found' }),
    }),
  })
  .openapi('Error');

const ERROR_DESCRIPTIONS = {
  400: 'Invalid request: the body is not valid JSON, or a field is missing or wrong (named in the message)',
  401: 'Missing or wrong bearer token (only when SPEC_ENGINE_TOKEN is set); answered with `WWW-Authenticate: Bearer`',
  404: 'No such thread',
  410: '`thread_deleted`: this job_id belonged to a deleted thread; use a new one',
  413: `\`payload_too_large\`: the body is larger than ${INVOKE_MAX_BYTES} bytes`,
  415: '`unsupported_media_type`: the body is not application/json',
  503: 'The database (`database_unavailable`, with Retry-After) or the job queue (`queue_unavailable`) is unavailable',
} as const;

/** Response declarations for error statuses, all with {@link ErrorSchema}; 401 and 503 are always among them. */
export const errorResponses = errorResponsesOf(ERROR_DESCRIPTIONS, ErrorSchema, [401, 503]);

/** The `{thread_id}` path parameter. */
export const ThreadParams = z.object({
  thread_id: z.string().openapi({
    param: { name: 'thread_id', in: 'path' },
    description: 'The thread id (the job_id of its invoke)',
    example: '0190c5d2-7b3a-7c4e-9d1f-2a3b4c5d6e7f',
  }),
});

/** The bearer-token security requirement of every prefixed route (when SPEC_ENGINE_TOKEN is set). */
export const SECURED = [{ bearer: [] }];

export { jsonResponse };
