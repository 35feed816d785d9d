import { z } from '@hono/zod-openapi';
import { errorResponse, idParam, Timestamp } from './common.js';

/** A file in the engine's shape; reads always return content as a list of lines. */
const SpecFileSchema = z
  .object({
    content: z.array(z.string()).readonly().openapi({ description: 'The file as lines, without newlines' }),
    created_at: Timestamp,
    modified_at: Timestamp,
  })
  .openapi('File');

/** Files keyed by absolute path. */
export const FileTreeSchema = z
  .record(z.string(), SpecFileSchema)
  .openapi('FileTree', { description: 'Files keyed by absolute path (e.g. `/THE_SPEC/plan.md`)' });

/** A draft: its revision (bumped by every change) and files. */
export const DraftSchema = z.object({ revision: z.number().int(), files: FileTreeSchema }).openapi('Draft');

const Lines = z.array(z.string()).refine((lines) => lines.every((line) => !line.includes('\n')), {
  error: 'lines must not contain newlines',
});

/** `PUT …/draft/files/{path}`: content as one string or as a list of lines. */
export const PutFileBody = z
  .strictObject({
    content: z.union([z.string(), Lines], {
      error: 'must be a string or a list of lines (strings)',
    }),
  })
  .openapi('PutFile', { example: { content: ['# Plan', 'step 1'] } });

/** The answer to a file write. */
export const FileWriteSchema = z
  .object({ path: z.string(), revision: z.number().int(), file: SpecFileSchema })
  .openapi('FileWrite');

/** The answer to a file delete. */
export const FileDeleteSchema = z
  .object({ path: z.string(), revision: z.number().int() })
  .openapi('FileDelete');

/** `{id}` and `{path}` of a file route: the path without its leading `/`, segments URL-encoded. */
export const FileParams = z.object({
  id: idParam('workflow'),
  path: z.string().openapi({
    param: { name: 'path', in: 'path' },
    description: 'The file path without its leading `/`, each segment URL-encoded',
    example: 'THE_SPEC/plan.md',
  }),
});

/** The 413 of a route that writes or sends the draft: the body limit, or `WORKFLOW_DRAFT_MAX_BYTES`. */
export const DRAFT_TOO_LARGE = errorResponse(
  'Body larger than 10 MiB (`payload_too_large`), or the draft (all files as JSON) larger than `WORKFLOW_DRAFT_MAX_BYTES` (`draft_too_large`, naming the limit and the size); nothing is written',
);

/** A draft view. */
export type Draft = z.infer<typeof DraftSchema>;
/** A file write answer. */
export type FileWrite = z.infer<typeof FileWriteSchema>;
/** A file delete answer. */
export type FileDelete = z.infer<typeof FileDeleteSchema>;
