import type { StructuredToolInterface } from '@langchain/core/tools';
import { getCurrentTaskInput } from '@langchain/langgraph';
import { Ajv } from 'ajv';
import { tool } from 'langchain';
import { z } from 'zod';
import { DEFINITION_SCHEMA } from './definition-schema.js';

type FileLike = { content?: unknown };

const ajv = new Ajv({ allErrors: true, strict: false });
const validateSchema = ajv.compile(DEFINITION_SCHEMA);

function filesOfState(): Record<string, FileLike> {
  const state = getCurrentTaskInput<{ files?: Record<string, FileLike> }>();
  return state?.files ?? {};
}

function textOfFile(file: FileLike | undefined): string | undefined {
  if (!file) return undefined;
  if (Array.isArray(file.content)) return file.content.join('\n');
  return typeof file.content === 'string' ? file.content : undefined;
}

/** Result of {@link validateDefinitionText}: `ok` or one line per problem with its JSON path. */
export interface DefinitionCheck {
  readonly ok: boolean;
  readonly errors: readonly string[];
}

/** Validates the text of a `/definition.json` against the engine's schema. */
export function validateDefinitionText(text: string): DefinitionCheck {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [`/definition.json is not JSON: ${(error as Error).message}`] };
  }
  if (validateSchema(value)) return { ok: true, errors: [] };
  const errors = (validateSchema.errors ?? []).map(
    (e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}`,
  );
  return { ok: false, errors };
}

/** Checks the run's `/definition.json` (from the agent state) against the schema. */
const validateDefinition = tool(
  async () => {
    const text = textOfFile(filesOfState()['/definition.json']);
    if (text === undefined) return 'invalid: /definition.json does not exist; write it first';
    const check = validateDefinitionText(text);
    return check.ok
      ? 'valid: /definition.json satisfies the definition schema'
      : `invalid:\n${check.errors.join('\n')}`;
  },
  {
    name: 'validate_definition',
    description:
      'Validates /definition.json against the multi-agent definition schema. Returns "valid" or the list of errors with their JSON paths.',
    schema: z.object({}),
  },
);

function lineDiff(path: string, before: readonly string[], after: readonly string[]): string {
  const out = [`--- ${path}`, `+++ ${path}`];
  const beforeSet = new Set(before);
  const afterSet = new Set(after);
  for (const line of before) if (!afterSet.has(line)) out.push(`-${line}`);
  for (const line of after) if (!beforeSet.has(line)) out.push(`+${line}`);
  return out.length === 2 ? `no changes to ${path}` : out.join('\n');
}

/** Shows which lines a proposed content removes and adds compared with the current file. */
const generateDiff = tool(
  async ({ file_path, content }: { file_path: string; content: string }) => {
    const current = textOfFile(filesOfState()[file_path]);
    return lineDiff(file_path, current === undefined ? [] : current.split('\n'), content.split('\n'));
  },
  {
    name: 'generate_diff',
    description:
      'Shows the lines a proposed content removes (-) and adds (+) compared with the current file.',
    schema: z.object({
      file_path: z.string().describe('Absolute path of the file'),
      content: z.string().describe('The proposed full content'),
    }),
  },
);

/**
 * The built-in tool registry: the only tools an `agent_definition` can name. Code from a
 * request is never executed; unknown names are rejected when the agent is built.
 */
export const BUILTIN_TOOLS: ReadonlyMap<string, StructuredToolInterface> = new Map<
  string,
  StructuredToolInterface
>([
  ['validate_definition', validateDefinition as unknown as StructuredToolInterface],
  ['generate_diff', generateDiff as unknown as StructuredToolInterface],
]);
