/**
 * What the `offline` model derives from a user's instructions: the workflow name, its agents and
 * the text of every specification file. Deterministic and cheap (no I/O), so the same
 * instructions always give the same specification and different instructions different ones.
 */

/** One agent the offline model designs. */
export interface PlannedAgent {
  /** PascalCase name, also the `/THE_CAST/<name>.md` file name. */
  readonly name: string;
  /** kebab-case node id. */
  readonly id: string;
  /** The clause of the instructions this agent is responsible for. */
  readonly task: string;
  readonly prompt: string;
}

/** The workflow the offline model designs from the instructions. */
export interface WorkflowPlan {
  readonly name: string;
  readonly title: string;
  readonly instructions: string;
  readonly agents: readonly PlannedAgent[];
}

const STOPWORDS = new Set(
  'a an the and or but to of for in on at by with from into onto that this these those then it its is are be as each every all any our their your we i you please should must can will would create build make design write generate add new workflow spec specification agent agents which who when after before so'.split(
    ' ',
  ),
);
const MAX_AGENTS = 6;

function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9\s-]/g, ' ')
    .split(/[\s-]+/)
    .filter((w) => w.length > 1 && !STOPWORDS.has(w));
}

function pascal(parts: readonly string[]): string {
  return parts.map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('');
}

function clausesOf(instructions: string): string[] {
  return instructions
    .split(/[.;:!?\n]+|\bthen\b|,\s*(?:and\s+)?|\band then\b/i)
    .map((c) => c.trim())
    .filter((c) => words(c).length >= 1);
}

/** Designs the workflow for `instructions` (empty instructions give a one-agent assistant). */
export function planWorkflow(instructions: string): WorkflowPlan {
  const text = instructions.trim();
  const nameWords = words(text).slice(0, 4);
  const name = nameWords.length > 0 ? nameWords.join('-') : 'assistant-workflow';
  const clauses = clausesOf(text);
  const seen = new Set<string>();
  const agents: PlannedAgent[] = [];
  for (const clause of clauses.length > 0 ? clauses : ['answer the user']) {
    if (agents.length >= MAX_AGENTS) break;
    const key = words(clause).slice(0, 2);
    let agentName = `${pascal(key.length > 0 ? key : ['general'])}Agent`;
    if (seen.has(agentName)) agentName = `${agentName}${agents.length + 1}`;
    seen.add(agentName);
    const id = agentName.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
    const prompt = `You are ${agentName} in the ${name} workflow. Your responsibility: ${clause}. Work only on this step, report what you did and hand your result to the orchestrator.`;
    agents.push({ name: agentName, id, task: clause, prompt });
  }
  return {
    name,
    title: pascal(nameWords.length > 0 ? nameWords : ['assistant']),
    instructions: text,
    agents,
  };
}

/** Lines of `/THE_SPEC/constitution.md`. */
export function constitutionOf(plan: WorkflowPlan): string[] {
  return [
    `# Constitution: ${plan.name}`,
    '',
    '## Purpose',
    plan.instructions || 'Help the user with their request.',
    '',
    '## Principles',
    '1. Every agent works only on its own step and reports its result to the orchestrator.',
    '2. No agent stores secrets or personal data in its output.',
    '3. Actions with effects outside the workflow require explicit human approval.',
    `4. The workflow has ${plan.agents.length} specialist agent(s); adding one changes this constitution.`,
  ];
}

/** Lines of `/THE_SPEC/requirements.md`. */
export function requirementsOf(plan: WorkflowPlan): string[] {
  return [
    `# Requirements: ${plan.name}`,
    '',
    ...plan.agents.map((a, i) => `${i + 1}. THE workflow SHALL ${a.task} (owner: ${a.name}).`),
  ];
}

/** Lines of `/THE_SPEC/plan.md`. */
export function planOf(plan: WorkflowPlan): string[] {
  return [
    `# Plan: ${plan.name}`,
    '',
    '| step | agent | responsibility |',
    '|---|---|---|',
    ...plan.agents.map((a, i) => `| ${i + 1} | ${a.name} | ${a.task} |`),
    '',
    'The orchestrator runs the agents in order and passes each result to the next agent.',
  ];
}

/** Lines of `/THE_CAST/<agent>.md`. */
export function castOf(agent: PlannedAgent): string[] {
  return [
    `# ${agent.name}`,
    '',
    '## Role',
    agent.task,
    '',
    '## Responsibilities',
    `- ${agent.task}`,
    '- Report the result to the orchestrator.',
    '',
    '## System Prompt',
    agent.prompt,
  ];
}

/** The compiled `/definition.json` of the plan. */
export function definitionOf(plan: WorkflowPlan): Record<string, unknown> {
  const model = { provider: 'openai', model: 'gpt-4.1-mini' };
  const orchestratorId = `${plan.name}-orchestrator`;
  return {
    name: plan.name,
    version: '1.0',
    tool_definitions: [],
    nodes: [
      {
        id: orchestratorId,
        type: 'Orchestrator',
        config: {
          name: `${plan.title} Orchestrator`,
          system_prompt: `You coordinate the ${plan.name} workflow: ${plan.agents.map((a) => a.name).join(', then ')}.`,
          model,
          tools: [],
        },
      },
      ...plan.agents.map((a) => ({
        id: a.id,
        type: 'Specialist',
        config: { name: a.name, description: a.task, system_prompt: a.prompt, model, tools: [] },
      })),
    ],
    edges: plan.agents.map((a) => ({ source: orchestratorId, target: a.id, type: 'specialists' })),
  };
}

/** True when the instructions ask to embed a secret (the offline guardrail rejects them). */
export function looksUnsafe(instructions: string): boolean {
  return /\b(password|passwd|api[_ -]?key|secret[_ -]?key)\s*[:=]|\bsk-[A-Za-z0-9]{16,}/i.test(instructions);
}
