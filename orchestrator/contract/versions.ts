import { z } from '@hono/zod-openapi';
import { idParam, Timestamp } from './common.js';
import { FileTreeSchema } from './drafts.js';

/** A published version as listed. */
const VersionSummarySchema = z
  .object({
    workflow_id: z.string().openapi({ format: 'uuid' }),
    version: z.number().int(),
    draft_revision: z.number().int(),
    created_at: Timestamp,
    file_count: z.number().int(),
  })
  .openapi('VersionSummary');

/** A published version with its files. */
export const VersionSchema = z
  .object({ ...VersionSummarySchema.shape, files: FileTreeSchema })
  .openapi('Version');

/** A version listing. */
export const VersionListSchema = z.object({ versions: z.array(VersionSummarySchema) }).openapi('VersionList');

/** `{id}` and `{version}` of a version route. */
export const VersionParams = z.object({
  id: idParam('workflow'),
  version: z
    .string()
    .regex(/^[1-9][0-9]{0,8}$/, { error: 'version must be a positive integer' })
    .openapi({
      param: { name: 'version', in: 'path' },
      description: 'Version number (1, 2, …)',
      example: '1',
    }),
});

/** A version summary view. */
export type VersionSummary = z.infer<typeof VersionSummarySchema>;
/** A version view. */
export type Version = z.infer<typeof VersionSchema>;
