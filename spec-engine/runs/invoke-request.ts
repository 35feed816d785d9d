import { randomUUID } from 'node:crypto';
import type { AgentDefinition } from '../../common/agents/spec-builder-definition.js';
import type { FileTree, SpecFile } from '../../common/events/envelope.js';
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
const ROLES: Record<string, InputMessage['role']> = {
  user: 'user',
  human: 'user',
  assistant: 'assistant',
  ai: 'assistant',
  system: 'system',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(field: string, message: string): ParsedInvoke {
  return { ok: false, field, message };
}

function parseFiles(value: unknown, now: string): FileTree | FieldProblem {
  if (value === undefined) return {};
  if (!isRecord(value))
    return { field: 'input_payload.files', message: 'must be an object keyed by absolute path' };
  const files: Record<string, SpecFile> = {};
  for (const [path, file] of Object.entries(value)) {
    const at = `input_payload.files[${JSON.stringify(path)}]`;
    if (!path.startsWith('/')) return { field: at, message: 'path must be absolute (start with /)' };
    if (!isRecord(file)) return { field: at, message: 'must be {content, created_at?, modified_at?}' };
    const content = file.content;
    let lines: string[];
    if (typeof content === 'string') lines = content.split('\n');
    else if (Array.isArray(content) && content.every((l) => typeof l === 'string'))
      lines = content as string[];
    else return { field: `${at}.content`, message: 'must be a list of lines or a string' };
    const created = typeof file.created_at === 'string' ? file.created_at : now;
    const modified = typeof file.modified_at === 'string' ? file.modified_at : created;
    files[path] = { content: lines, created_at: created, modified_at: modified };
  }
  return files;
}

/** Validates an invoke body; a problem names the field at fault. */
export function parseInvokeRequest(body: unknown): ParsedInvoke {
  if (!isRecord(body)) return fail('body', 'must be a JSON object');
  const jobId = body.job_id ?? randomUUID();
  if (typeof jobId !== 'string' || !JOB_ID.test(jobId)) {
    return fail('job_id', 'must be 1-128 letters, digits, - or _ (a UUID)');
  }
  if (body.trace_id !== undefined && typeof body.trace_id !== 'string')
    return fail('trace_id', 'must be a string');
  if (body.agent_definition !== undefined && body.agent_definition !== null) {
    const problem = checkAgentDefinition(body.agent_definition);
    if (problem) return { ok: false, ...problem };
  }
  const payload = body.input_payload;
  if (!isRecord(payload)) return fail('input_payload', 'is required and must be an object');
  if (!Array.isArray(payload.messages) || payload.messages.length === 0) {
    return fail('input_payload.messages', 'must be a non-empty list of {role, content}');
  }
  const messages: InputMessage[] = [];
  for (const [i, m] of payload.messages.entries()) {
    const role = isRecord(m) && typeof m.role === 'string' ? ROLES[m.role] : undefined;
    if (!role) return fail(`input_payload.messages[${i}].role`, "must be 'user', 'assistant' or 'system'");
    if (typeof (m as { content?: unknown }).content !== 'string') {
      return fail(`input_payload.messages[${i}].content`, 'must be a string');
    }
    messages.push({ role, content: (m as { content: string }).content });
  }
  const files = parseFiles(payload.files, new Date().toISOString());
  if ('field' in files && typeof files.field === 'string' && 'message' in files) {
    return { ok: false, ...(files as FieldProblem) };
  }
  return {
    ok: true,
    value: {
      job_id: jobId,
      ...(typeof body.trace_id === 'string' ? { trace_id: body.trace_id } : {}),
      ...(body.agent_definition ? { agent_definition: body.agent_definition as AgentDefinition } : {}),
      input_payload: { messages, files: files as FileTree },
    },
  };
}
