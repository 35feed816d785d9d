import { randomUUID } from 'node:crypto';
import { z } from '@hono/zod-openapi';
import type { AgentDefinition } from '../../common/agents/spec-builder-definition.js';
import type { FileTree } from '../../common/events/envelope.js';
import { checkAgentDefinition, type FieldProblem } from '../agent/definition-check.js';

/** A message of `input_payload.messages`. */
export interface InputMessage {
  readonly role: 'user' | 'assistant' | 'system';
  readonly content: string;
}

/** A validated `POST /spec-engine/invoke` body, with defaults applied. */
export interface InvokeRequest {
  readonly job_id: string;
  readonly trace_id?: string;
  readonly agent_definition?: AgentDefinition;
  readonly input_payload: { readonly messages: InputMessage[]; readonly files: FileTree };
}

/** The outcome of {@link parseInvokeRequest}. */
export type ParsedInvoke = { ok: true; value: InvokeRequest } | ({ ok: false } & FieldProblem);

/** Job ids become NATS subject tokens and thread ids: no dots, spaces or wildcards. */
const JOB_ID = /^[A-Za-z0-9_-]{1,128}$/;
const ROLES = {
  user: 'user',
  human: 'user',
  assistant: 'assistant',
  ai: 'assistant',
  system: 'system',
} as const;

const Message = z.object(
  {
    role: z
      .enum(Object.keys(ROLES) as [keyof typeof ROLES], { error: "must be 'user', 'assistant' or 'system'" })
      .transform((role) => ROLES[role])
      .openapi({ description: '`human` and `ai` are read as `user` and `assistant`' }),
    content: z.string({ error: 'must be a string' }),
  },
  { error: 'must be {role, content}' },
);

const SpecFileInput = z
  .object(
    {
      content: z.union([z.string(), z.array(z.string())], { error: 'must be a list of lines or a string' }),
      created_at: z.string().optional(),
      modified_at: z.string().optional(),
    },
    { error: 'must be {content, created_at?, modified_at?}' },
  )
  .openapi({ description: 'A string content is split into lines; missing times default to now' });

/** Problems found outside zod's own checks carry the field name as the API spells it. */
function fieldIssue(field: string, message: string) {
  return { code: 'custom' as const, message, params: { field } };
}

const Files = z
  .record(z.string(), SpecFileInput, { error: 'must be an object keyed by absolute path' })
  .superRefine((files, ctx) => {
    const relative = Object.keys(files).find((path) => !path.startsWith('/'));
    if (relative !== undefined) {
      ctx.addIssue(
        fieldIssue(
          `input_payload.files[${JSON.stringify(relative)}]`,
          'path must be absolute (start with /)',
        ),
      );
    }
  })
  .optional()
  .openapi({ description: 'The file tree the run starts from, keyed by absolute path' });

const AgentDefinitionInput = z
  .unknown()
  .superRefine((value, ctx) => {
    if (value === undefined || value === null) return;
    const problem = checkAgentDefinition(value);
    if (problem) ctx.addIssue(fieldIssue(problem.field, problem.message));
  })
  .optional()
  .openapi({
    type: 'object',
    description:
      'The multi-agent definition to run (one Orchestrator node, Specialist nodes, edges); the built-in spec builder when absent',
  });

/**
 * The `POST /invoke` body, the one definition of what a run request is (HTTP and NATS):
 * validation, defaults and the OpenAPI schema all come from it. Unknown fields are ignored.
 */
export const InvokeBody = z
  .object(
    {
      job_id: z
        .string({ error: 'must be 1-128 letters, digits, - or _ (a UUID)' })
        .regex(JOB_ID, { error: 'must be 1-128 letters, digits, - or _ (a UUID)' })
        .nullish()
        .transform((id) => id ?? randomUUID())
        .openapi({
          description: 'Idempotency key and thread id: one run per job_id (a new UUID when absent)',
          example: '0190c5d2-7b3a-7c4e-9d1f-2a3b4c5d6e7f',
        }),
      trace_id: z.string({ error: 'must be a string' }).optional(),
      agent_definition: AgentDefinitionInput,
      input_payload: z.object(
        {
          messages: z
            .array(Message, { error: 'must be a non-empty list of {role, content}' })
            .min(1, { error: 'must be a non-empty list of {role, content}' }),
          files: Files,
        },
        { error: 'is required and must be an object' },
      ),
    },
    { error: 'must be a JSON object' },
  )
  .openapi('InvokeRequest');

/** The API's name of the field an issue is about (`input_payload.messages[0].role`, or `body`). */
export function issueField(issue: z.core.$ZodIssue): string {
  const named = (issue as { params?: { field?: unknown } }).params?.field;
  if (typeof named === 'string') return named;
  const parts = issue.path.map((key, i) => {
    if (typeof key === 'number') return `[${key}]`;
    const name = String(key);
    if (!/^[A-Za-z_]\w*$/.test(name)) return `[${JSON.stringify(name)}]`;
    return i === 0 ? name : `.${name}`;
  });
  return parts.join('') || 'body';
}

/** The validated request: message roles normalised, string contents split into lines, times defaulted. */
export function toInvokeRequest(body: z.output<typeof InvokeBody>): InvokeRequest {
  const now = new Date().toISOString();
  const files = Object.fromEntries(
    Object.entries(body.input_payload.files ?? {}).map(([path, file]) => {
      const created = file.created_at ?? now;
      const content = typeof file.content === 'string' ? file.content.split('\n') : file.content;
      return [path, { content, created_at: created, modified_at: file.modified_at ?? created }];
    }),
  );
  return {
    job_id: body.job_id,
    ...(body.trace_id !== undefined ? { trace_id: body.trace_id } : {}),
    ...(body.agent_definition ? { agent_definition: body.agent_definition as AgentDefinition } : {}),
    input_payload: { messages: body.input_payload.messages, files },
  };
}

/** Validates an invoke body (a NATS job's data); a problem names the field at fault. */
export function parseInvokeRequest(body: unknown): ParsedInvoke {
  const parsed = InvokeBody.safeParse(body);
  if (parsed.success) return { ok: true, value: toInvokeRequest(parsed.data) };
  const issue = parsed.error.issues[0];
  return { ok: false, field: issue ? issueField(issue) : 'body', message: issue?.message ?? 'is invalid' };
}
