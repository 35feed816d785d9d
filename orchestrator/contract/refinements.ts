import { z } from '@hono/zod-openapi';
import { MAX_INSTRUCTIONS_LENGTH } from '../../common/contracts/draft-size.js';
import { Timestamp } from './common.js';

const Text = z.string().max(MAX_INSTRUCTIONS_LENGTH).nullable().optional();

/** `POST /api/workflows/{id}/refinements`: `instructions` (or `user_prompt`) plus optional context. */
export const StartRefinementBody = z
  .strictObject({
    instructions: Text.openapi({ example: 'Add a retry policy for failed email sends.' }),
    user_prompt: Text.openapi({ description: 'Older name of `instructions`' }),
    context_file_path: z.string().max(500).nullable().optional().openapi({ example: '/THE_SPEC/plan.md' }),
    context_selection: Text,
  })
  .openapi('StartRefinement');

/** What `POST /api/workflows/{id}/refinements` answers (202). */
export const RefinementStartedSchema = z
  .object({
    proposal_id: z.string().openapi({ format: 'uuid' }),
    thread_id: z.string(),
    status: z.literal('processing'),
    websocket_url: z
      .string()
      .openapi({ example: '/api/ws/refinements/0190c5d2-7b3a-7c4e-9d1f-2a3b4c5d6e7f' }),
    created_at: Timestamp,
  })
  .openapi('RefinementStarted');

/** A started refinement. */
export type RefinementStarted = z.infer<typeof RefinementStartedSchema>;
/** The validated start body. */
export type StartRefinementInput = z.infer<typeof StartRefinementBody>;
