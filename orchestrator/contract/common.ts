import { z } from '@hono/zod-openapi';
import { errorResponsesOf, jsonResponse } from '../../common/contracts/openapi.js';

/** The `{"error": {"code", "message"}}` body every failure answers with. */
const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'not_found' }),
      message: z.string().openapi({ example: 'workflow not found' }),
      conflicts: z.array(z.string()).optional().openapi({
        description:
          '`draft_changed` from approve only: the paths the draft and the proposal both changed, differently',
      }),
    }),
  })
  .openapi('Error');

const ERROR_DESCRIPTIONS = {
  400: 'Invalid request: a malformed id, or a body field missing, unknown, of the wrong type or holding a NUL character (named in the message)',
  401: 'Missing or invalid token',
  404: 'Not found, or owned by another user (the two look alike)',
  409: 'Conflict with the current state (the code says which)',
  410: 'Gone: the run is resolved and its proposal holds the result',
  413: 'Body larger than 10 MiB',
  415: 'The body is not application/json',
  502: 'The Spec Engine refused or failed',
  503: 'The database (`database_unavailable`), or for a route that calls it the Spec Engine, is unavailable: retry after Retry-After seconds',
} as const;

/**
 * Response declarations for error statuses, all with {@link ErrorSchema}. 503 is always among them:
 * every route reads or writes the database, and an unreachable one answers 503 `database_unavailable`.
 */
export const errorResponses = errorResponsesOf(ERROR_DESCRIPTIONS, ErrorSchema, [503]);

/** An error response declaration with its own description (what this route's status means). */
export function errorResponse(description: string) {
  return jsonResponse(description, ErrorSchema);
}

/** A required JSON request body declaration. */
export function jsonBody<T extends z.ZodType>(schema: T, description?: string) {
  return {
    required: true,
    ...(description ? { description } : {}),
    content: { 'application/json': { schema } },
  };
}

/** An RFC 3339 timestamp as the API writes it. */
export const Timestamp = z.string().openapi({ format: 'date-time', example: '2026-01-01T12:00:00.000Z' });

/** A path parameter holding a resource id; a malformed one answers 400 `invalid_id`. */
export function idParam(what: string) {
  return z.guid({ error: `${what} id must be a UUID` }).openapi({
    param: { name: 'id', in: 'path' },
    description: `${what[0]?.toUpperCase()}${what.slice(1)} id`,
    example: '0190c5d2-7b3a-7c4e-9d1f-2a3b4c5d6e7f',
  });
}

/** The `{id}` path parameters of a workflow route. */
export const WorkflowIdParams = z.object({ id: idParam('workflow') });

/** The `{id}` path parameters of a proposal route. */
export const ProposalIdParams = z.object({ id: idParam('proposal') });

/** Page size: default 50, at most 200. */
export const Limit = z.coerce
  .number()
  .int()
  .min(1)
  .max(200)
  .default(50)
  .openapi({
    param: { name: 'limit', in: 'query' },
    description: 'Page size',
    type: 'integer',
    minimum: 1,
    maximum: 200,
    default: 50,
  });

/** An opaque paging cursor from a previous page's `next_cursor`. */
export const Cursor = z
  .string()
  .max(200)
  .optional()
  .openapi({ param: { name: 'cursor', in: 'query' }, description: "A previous page's `next_cursor`" });

/** The bearer-token security requirement of every resource route. */
export const SECURED = [{ bearer: [] }];

export { jsonResponse };
