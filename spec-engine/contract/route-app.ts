import { OpenAPIHono } from '@hono/zod-openapi';
import { ApiError } from '../../common/http/errors.js';
import { issueField } from '../runs/invoke-request.js';

/** A sub-app whose routes validate with their declared schemas: a failure answers 400 naming the field. */
export function createRouteApp() {
  return new OpenAPIHono({
    defaultHook: (result) => {
      if (result.success) return;
      const issue = result.error.issues[0];
      throw ApiError.invalid(`${issue ? issueField(issue) : 'body'}: ${issue?.message ?? 'is invalid'}`);
    },
  });
}
