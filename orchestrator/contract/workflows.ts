import { z } from '@hono/zod-openapi';
import { Cursor, Limit, Timestamp } from './common.js';

/** Longest workflow name, in characters (after trimming). */
const MAX_NAME_LENGTH = 200;
/** Longest workflow description, in characters. */
const MAX_DESCRIPTION_LENGTH = 10_000;

/** A workflow as the API shows it. */
export const WorkflowSchema = z
  .object({
    id: z.string().openapi({ format: 'uuid' }),
    name: z.string(),
    description: z.string(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .openapi('Workflow');

/** A workflow view. */
export type Workflow = z.infer<typeof WorkflowSchema>;

const Name = z.string().trim().min(1).max(MAX_NAME_LENGTH).openapi({ example: 'welcome emails' });
const Description = z
  .string()
  .trim()
  .max(MAX_DESCRIPTION_LENGTH)
  .nullable()
  .openapi({ example: 'Emails new users get in their first week' });

/** `POST /api/workflows`: `name` required, `description` optional (empty when absent). */
export const CreateWorkflowBody = z
  .strictObject({ name: Name, description: Description.optional() })
  .openapi('CreateWorkflow');

/** `PATCH /api/workflows/{id}`: either field, or both. */
export const UpdateWorkflowBody = z
  .strictObject({ name: Name.optional(), description: Description.optional() })
  .openapi('UpdateWorkflow');

/** `GET /api/workflows` query. */
export const WorkflowListQuery = z.object({ limit: Limit, cursor: Cursor });

/** One page of workflows, newest first. */
export const WorkflowPageSchema = z
  .object({
    workflows: z.array(WorkflowSchema),
    next_cursor: z
      .string()
      .nullable()
      .openapi({ description: 'Pass as `cursor` for the next page; null on the last' }),
  })
  .openapi('WorkflowPage');
