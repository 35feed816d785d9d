import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './app-env.js';
import { ApiError } from '../../common/http/errors.js';
import { rejectNulBytes } from './nul-bytes.js';
import { describeIssue } from './issues.js';

const TARGET_NAMES: Record<string, string> = { json: 'request body', query: 'query', param: 'path' };

/**
 * A sub-app whose routes validate with their declared schemas: a failed path parameter
 * answers 400 `invalid_id`, anything else (a NUL character in any body or query string
 * included) 400 `invalid_request`, each naming the field.
 */
export function createRouteApp() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (result.success) {
        // PostgreSQL stores no NUL in text or jsonb: refuse it here, not as a 500 later.
        if (result.target !== 'param') rejectNulBytes(result.data);
        return;
      }
      const issue = result.error.issues[0];
      if (!issue) throw ApiError.invalid('invalid request');
      if (result.target === 'param') throw new ApiError(400, 'invalid_id', issue.message);
      throw ApiError.invalid(
        describeIssue(issue, (result as { data?: unknown }).data, TARGET_NAMES[result.target]),
      );
    },
  });
}
