import type { BaseMessage } from '@langchain/core/messages';
import type { ToolCall } from '@langchain/core/messages/tool';
import {
  castOf,
  constitutionOf,
  definitionOf,
  looksUnsafe,
  planOf,
  planWorkflow,
  requirementsOf,
  type WorkflowPlan,
} from './offline-plan.js';

/** A tool as the offline model sees it after `bindTools`. */
export interface OfflineTool {
  readonly name: string;
  /** For `task`: the specialist names it can delegate to. */
  readonly agents?: readonly string[];
}

/** The run's files (the user's draft plus what the agent wrote so far), as lines by path. */
export type DraftLines = Readonly<Record<string, readonly string[]>>;

/** One turn of the offline model: text plus tool calls. */
export interface OfflineTurn {
  readonly content: string;
  readonly toolCalls: ToolCall[];
}

type Role = 'guardrail' | 'impact' | 'spec' | 'cast' | 'compiler' | 'all' | 'generic';

const STAGE_PREFIX = 'Stage: ';
const INSTRUCTIONS_MARK = 'User instructions:\n';

export function textOf(message: BaseMessage): string {
  const content = message.content;
  if (typeof content === 'string') return content;
  return content.map((b) => ('text' in b && typeof b.text === 'string' ? b.text : '')).join('');
}

function typeOf(message: BaseMessage): string {
  return message.getType();
}

/** Messages after the last human message (this turn's work so far). */
function sinceLastHuman(messages: readonly BaseMessage[]): { human: string; after: BaseMessage[] } {
  for (let i = messages.length - 1; i >= 0; i--) {
    if (typeOf(messages[i]!) === 'human')
      return { human: textOf(messages[i]!), after: messages.slice(i + 1) };
  }
  return { human: '', after: [...messages] };
}

function call(name: string, args: Record<string, unknown>, index: number, salt: string): ToolCall {
  return { name, args, id: `call_${salt}_${index}_${name}`, type: 'tool_call' };
}

function write(path: string, lines: readonly string[]): [string, Record<string, unknown>] {
  return ['write_file', { file_path: path, content: lines.join('\n') }];
}

/**
 * What the model writes to `path`: its own text when the file is new, else the user's file
 * kept as it is and extended with the model's section (headings one level down). A file that
 * already holds that section (a resumed run) is left as it is.
 */
export function buildOn(existing: readonly string[] | undefined, generated: readonly string[]): string[] {
  if (!existing || existing.every((line) => line.trim() === '')) return [...generated];
  const section = generated.map((line) => (line.startsWith('#') ? `#${line}` : line));
  const text = existing.join('\n');
  if (text.includes(section.join('\n'))) return [...existing];
  return [...existing, '', ...section];
}

function roleOf(stage: string, tools: ReadonlySet<string>, system: string): Role {
  const s = `${stage} ${stage ? '' : system}`.toLowerCase();
  if (/compil/.test(s) || (!stage && tools.has('validate_definition'))) return 'compiler';
  if (/cast|agent-spec/.test(s)) return 'cast';
  if (/workflow-spec|spec/.test(s)) return 'spec';
  if (/impact/.test(s)) return 'impact';
  if (/guardrail/.test(s)) return 'guardrail';
  if (/general-purpose/.test(s)) return 'all';
  return 'generic';
}

function specialistWrites(
  role: Role,
  plan: WorkflowPlan,
  stage: string,
  draft: DraftLines,
): [string, Record<string, unknown>][] {
  const extend = (path: string, lines: readonly string[]) => write(path, buildOn(draft[path], lines));
  const assessment = [`# Guardrail assessment: ${plan.name}`, '', verdictOf(plan)];
  const impact = [
    `# Impact assessment: ${plan.name}`,
    '',
    '## Agents',
    ...plan.agents.map((a) => `- ${a.name}: ${a.task}`),
    '',
    '## Files',
    '- /THE_SPEC/constitution.md, /THE_SPEC/requirements.md, /THE_SPEC/plan.md',
    ...plan.agents.map((a) => `- /THE_CAST/${a.name}.md`),
    '- /definition.json',
  ];
  const spec = [
    extend('/THE_SPEC/constitution.md', constitutionOf(plan)),
    extend('/THE_SPEC/requirements.md', requirementsOf(plan)),
    extend('/THE_SPEC/plan.md', planOf(plan)),
  ];
  const cast = plan.agents.map((a) => extend(`/THE_CAST/${a.name}.md`, castOf(a)));
  const definition = write('/definition.json', JSON.stringify(definitionOf(plan), null, 2).split('\n'));
  switch (role) {
    case 'guardrail':
      return [write('/guardrail_assessment.md', assessment)];
    case 'impact':
      return [write('/impact_assessment.md', impact)];
    case 'spec':
      return spec;
    case 'cast':
      return cast;
    case 'compiler':
      return [definition];
    case 'all':
      return [...spec, ...cast, definition];
    case 'generic':
      return [
        write(`/notes/${stage || 'specialist'}.md`, [`# ${stage || 'Specialist'}`, '', plan.instructions]),
      ];
  }
}

function verdictOf(plan: WorkflowPlan): string {
  return looksUnsafe(plan.instructions)
    ? 'Verdict: rejected (the instructions embed a secret; move it to a Kubernetes Secret)'
    : 'Verdict: approved';
}

/** The specialist's turn: write its files, validate when it compiles, then report. */
function specialistTurn(
  messages: readonly BaseMessage[],
  tools: ReadonlySet<string>,
  salt: string,
  draft: DraftLines,
): OfflineTurn {
  const system = messages
    .filter((m) => typeOf(m) === 'system')
    .map(textOf)
    .join('\n');
  const { human, after } = sinceLastHuman(messages);
  const stageLine = human.split('\n').find((l) => l.startsWith(STAGE_PREFIX));
  const stage = stageLine ? stageLine.slice(STAGE_PREFIX.length).trim() : '';
  const marked = human.indexOf(INSTRUCTIONS_MARK);
  const instructions = marked >= 0 ? human.slice(marked + INSTRUCTIONS_MARK.length) : human;
  const plan = planWorkflow(instructions);
  const role = roleOf(stage, tools, system);
  const toolResults = after.filter((m) => typeOf(m) === 'tool');
  const writes = specialistWrites(role, plan, stage, draft);
  if (toolResults.length === 0 && tools.has('write_file')) {
    return {
      content: `Writing ${writes.map(([, a]) => a.file_path).join(', ')}.`,
      toolCalls: writes.map(([name, args], i) => call(name, args, i, `${salt}${after.length}`)),
    };
  }
  const validated = toolResults.some((m) => (m as { name?: string }).name === 'validate_definition');
  if ((role === 'compiler' || role === 'all') && tools.has('validate_definition') && !validated) {
    return {
      content: 'Validating /definition.json.',
      toolCalls: [call('validate_definition', {}, 0, `${salt}${after.length}`)],
    };
  }
  const last = toolResults.at(-1);
  const report =
    role === 'guardrail'
      ? verdictOf(plan)
      : `Done: ${role} stage for ${plan.name} (${plan.agents.map((a) => a.name).join(', ')}).${validated && last ? ` Validation: ${textOf(last)}` : ''}`;
  return { content: report, toolCalls: [] };
}

/** The orchestrator's turn: plan todos, delegate to each specialist in order, then summarize. */
function orchestratorTurn(
  messages: readonly BaseMessage[],
  tools: readonly OfflineTool[],
  salt: string,
): OfflineTurn {
  const { human, after } = sinceLastHuman(messages);
  const agents = (tools.find((t) => t.name === 'task')?.agents ?? []).filter((a) => a !== 'general-purpose');
  const stages = agents.length > 0 ? agents : ['general-purpose'];
  const hasTodos = tools.some((t) => t.name === 'write_todos');
  const taskResults = after.filter((m) => typeOf(m) === 'tool' && (m as { name?: string }).name === 'task');
  const done = taskResults.length;
  const todos = (current: number) =>
    stages.map((s, i) => ({
      content: `Run ${s}`,
      status: i < current ? 'completed' : i === current ? 'in_progress' : 'pending',
    }));
  const rejected = taskResults.some((m) => /Verdict: rejected/.test(textOf(m)));
  const n = `${salt}${after.length}`;
  if (rejected) {
    return {
      content: `The request was rejected by the guardrail: ${textOf(taskResults.at(-1)!)}`,
      toolCalls: [],
    };
  }
  if (done < stages.length) {
    const stage = stages[done]!;
    const calls = [
      call(
        'task',
        { subagent_type: stage, description: `${STAGE_PREFIX}${stage}\n${INSTRUCTIONS_MARK}${human}` },
        0,
        n,
      ),
    ];
    if (hasTodos) calls.unshift(call('write_todos', { todos: todos(done) }, 1, n));
    return { content: `Delegating to ${stage}.`, toolCalls: calls };
  }
  const plan = planWorkflow(human);
  const lastAi = [...after].reverse().find((m) => typeOf(m) === 'ai') as
    | { tool_calls?: ToolCall[] }
    | undefined;
  const closedTodos = lastAi?.tool_calls?.some(
    (c) =>
      c.name === 'write_todos' && c.args.todos.every((t: { status: string }) => t.status === 'completed'),
  );
  if (hasTodos && !closedTodos) {
    return {
      content: 'All stages done.',
      toolCalls: [call('write_todos', { todos: todos(stages.length) }, 0, n)],
    };
  }
  return {
    content: `Specification for ${plan.name} is ready: ${plan.agents.length} agent(s) (${plan.agents.map((a) => a.name).join(', ')}), /THE_SPEC/ constitution, requirements and plan, one /THE_CAST/ file per agent and a validated /definition.json.`,
    toolCalls: [],
  };
}

/**
 * Decides the offline model's next turn from the conversation and the bound tools. An agent
 * with the `task` tool orchestrates; any other agent is a specialist whose role comes from
 * the stage it was given (or its tools and prompt). Spec files build on `draft`.
 */
export function decideTurn(
  messages: readonly BaseMessage[],
  tools: readonly OfflineTool[],
  salt: string,
  draft: DraftLines = {},
): OfflineTurn {
  if (tools.some((t) => t.name === 'task')) return orchestratorTurn(messages, tools, salt);
  return specialistTurn(messages, new Set(tools.map((t) => t.name)), salt, draft);
}
