import { z } from '@hono/zod-openapi';

const Timestamp = z.string().openapi({ example: '2026-01-01T12:00:00.000Z' });

/** A file of a run's tree: its lines and times. */
export const SpecFileSchema = z
  .object({ content: z.array(z.string()), created_at: Timestamp, modified_at: Timestamp })
  .openapi('SpecFile');

/** `POST /invoke`'s answer. */
export const InvokeAcceptedSchema = z
  .object({
    thread_id: z.string().openapi({ description: 'The job_id: follow it on /stream/{thread_id}' }),
    status: z.literal('started'),
  })
  .openapi('InvokeAccepted');

/** `GET /state/{thread_id}`'s answer: the truthful state of a run. */
export const ThreadStateSchema = z
  .object({
    thread_id: z.string(),
    status: z.enum(['queued', 'running', 'completed', 'failed']),
    generated_files: z
      .record(z.string(), SpecFileSchema)
      .openapi({ description: 'The latest file tree, by path' }),
    result: z
      .object({ message: z.string(), file_count: z.number().int() })
      .optional()
      .openapi({ description: 'Only when completed: the final answer and how many files the tree holds' }),
    error: z.string().optional().openapi({ description: 'Only when failed: why' }),
    last_seq: z.number().int().openapi({ description: 'The seq of the last event (0 before the first)' }),
    usage: z
      .object({ input_tokens: z.number().int(), output_tokens: z.number().int() })
      .openapi({ description: 'Tokens the run consumed so far, across attempts' }),
  })
  .openapi('ThreadState');

/** `DELETE /threads/{thread_id}`'s answer. */
export const ThreadDeletedSchema = z
  .object({ thread_id: z.string(), deleted: z.literal(true) })
  .openapi('ThreadDeleted');

/** `GET /stream/{thread_id}`'s query: resume after a seq. */
export const StreamQuery = z.object({
  after_seq: z
    .string()
    .regex(/^\d{1,9}$/, { error: 'must be an integer >= 0' })
    .optional()
    .openapi({
      param: { name: 'after_seq', in: 'query' },
      description: 'Only events with a higher seq (resume after a drop)',
    }),
});
