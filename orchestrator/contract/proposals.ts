import { z } from '@hono/zod-openapi';
import { Cursor, Limit, Timestamp } from './common.js';

/** Proposal statuses (DESIGN §3.4). */
const PROPOSAL_STATUSES = ['processing', 'completed', 'failed', 'resolved'] as const;

const Status = z.enum(PROPOSAL_STATUSES);
const Resolution = z.enum(['approved', 'rejected']).nullable();
const Paths = z.array(z.string());

/** The path lists of a set of changes. */
const CHANGE_LISTS = { added: Paths, modified: Paths, deleted: Paths };

/** What approving would change in the draft, by path. */
const ChangesSchema = z.object(CHANGE_LISTS).openapi('Changes');

/**
 * A proposal's changes against the current draft, with the paths both changed since the run
 * started. Its own object rather than an `allOf` of Changes, which closed-object validators reject.
 */
const ProposalChangesSchema = z
  .object({
    ...CHANGE_LISTS,
    conflicts: Paths.openapi({
      description:
        'Paths among added/modified/deleted that the draft also changed since the refinement started, differently: approving them answers 409 `draft_changed`; the other paths can be approved alone',
    }),
  })
  .openapi('ProposalChanges');

/** A proposal as `GET /api/proposals/{id}` shows it. */
export const ProposalSchema = z
  .object({
    id: z.string().openapi({ format: 'uuid' }),
    proposal_id: z.string().openapi({ format: 'uuid', description: 'The same as `id` (older name)' }),
    workflow_id: z.string().openapi({ format: 'uuid' }),
    thread_id: z.string(),
    status: Status,
    resolution: Resolution,
    generated_files: z
      .unknown()
      .openapi({ description: 'Exactly as the Spec Engine sent them (null until completed)' }),
    error: z.record(z.string(), z.unknown()).nullable(),
    usage: z.object({ input_tokens: z.number().int(), output_tokens: z.number().int() }).nullable().openapi({
      description: 'Tokens the run consumed (null while processing, or from an engine that reports none)',
    }),
    base_revision: z.number().int(),
    changes: ProposalChangesSchema.openapi({
      description:
        "What approving would change in the draft (spec files; working notes are listed apart): the proposal's changes since the draft it started from, so edits made meanwhile to other files are kept",
    }),
    working_notes: z.array(z.string()).openapi({
      description:
        'New files the agent wrote for itself (outside /THE_SPEC/, /THE_CAST/, /definition.json and the draft it was given): shown, never applied',
    }),
    cleanup: z.object({ state: z.enum(['none', 'pending', 'done', 'failed']), attempts: z.number().int() }),
    created_at: Timestamp,
    updated_at: Timestamp,
    completed_at: Timestamp.nullable(),
    resolved_at: Timestamp.nullable(),
  })
  .openapi('Proposal');

/** A proposal in a workflow's list. */
const ProposalSummarySchema = z
  .object({
    id: z.string().openapi({ format: 'uuid' }),
    status: Status,
    resolution: Resolution,
    instructions: z.string(),
    thread_id: z.string(),
    created_at: Timestamp,
    updated_at: Timestamp,
    completed_at: Timestamp.nullable(),
    resolved_at: Timestamp.nullable(),
  })
  .openapi('ProposalSummary');

/** `GET /api/workflows/{id}/proposals` query. */
export const ProposalListQuery = z.object({
  status: Status.optional().openapi({
    param: { name: 'status', in: 'query' },
    description: 'Only proposals in this status',
  }),
  limit: Limit,
  cursor: Cursor,
});

/** One page of a workflow's proposals, newest first. */
export const ProposalPageSchema = z
  .object({ proposals: z.array(ProposalSummarySchema), next_cursor: z.string().nullable() })
  .openapi('ProposalPage');

/** The answer to approve or reject. */
export const ResolutionSchema = z
  .object({
    proposal_id: z.string().openapi({ format: 'uuid' }),
    status: z.literal('resolved'),
    resolution: z.enum(['approved', 'rejected']),
    approved_at: Timestamp.optional(),
    rejected_at: Timestamp.optional(),
    applied: ChangesSchema.optional().openapi({
      description: 'Approve only: the paths applied to the draft',
    }),
  })
  .openapi('Resolution');

/** `POST …/approve`: no body applies every change; `files` applies only those paths. */
export const ApproveBody = z
  .strictObject({
    files: z
      .array(z.string())
      .min(1)
      .max(10_000)
      .optional()
      .openapi({
        description:
          'Paths of the proposal to apply (added, modified or deleted); the others stay as the draft has them',
        example: ['/THE_SPEC/plan.md'],
      }),
  })
  .openapi('Approve');

/** A proposal view. */
export type Proposal = z.infer<typeof ProposalSchema>;
/** A proposal list entry. */
export type ProposalSummary = z.infer<typeof ProposalSummarySchema>;
/** An approve/reject answer. */
export type Resolution = z.infer<typeof ResolutionSchema>;
/** Path lists of a proposal against the draft. */
export type Changes = z.infer<typeof ChangesSchema>;
/** A proposal's changes with its conflicting paths. */
export type ProposalChanges = z.infer<typeof ProposalChangesSchema>;
