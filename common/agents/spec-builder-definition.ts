/**
 * The spec-builder agent definition: the default agent of the Spec Engine, and what the
 * orchestrator sends as `agent_definition` on `POST /spec-engine/invoke`. Its shape is the
 * upstream agent definition format (`../shared/fixtures/spec-engine/agent-definition.spec-builders.json`):
 * one Orchestrator node, Specialist nodes, edges from the orchestrator to each specialist.
 *
 * Tool names refer to the engine's built-in TypeScript tool registry; `runtime.script` is a
 * `builtin:<name>` reference, never code: the engine does not execute code from a request.
 */

/** An LLM choice of a node. */
export interface AgentModelRef {
  readonly provider: 'openai' | 'anthropic' | 'ollama';
  readonly model: string;
}

/** A tool a node may use, named after an entry of the engine's built-in registry. */
export interface AgentToolDefinition {
  readonly name: string;
  readonly runtime: { readonly script: string; readonly dependencies: readonly string[] };
}

/** One agent of a definition. */
export interface AgentNode {
  readonly id: string;
  readonly type: 'Orchestrator' | 'Specialist';
  readonly config: {
    readonly name: string;
    readonly description?: string;
    readonly system_prompt: string;
    readonly model: AgentModelRef;
    readonly tools: readonly string[];
    readonly state_schema?: Record<string, unknown>;
  };
}

/** A connection from the orchestrator to a specialist. */
export interface AgentEdge {
  readonly source: string;
  readonly target: string;
  readonly type: 'orchestrator' | 'specialists';
}

/** A multi-agent definition, as sent in `agent_definition` and as compiled into `/definition.json`. */
export interface AgentDefinition {
  readonly name: string;
  readonly version: string;
  readonly tool_definitions: readonly AgentToolDefinition[];
  readonly nodes: readonly AgentNode[];
  readonly edges: readonly AgentEdge[];
}

const MODEL: AgentModelRef = { provider: 'openai', model: 'gpt-4.1-mini' };

const builtin = (name: string): AgentToolDefinition => ({
  name,
  runtime: { script: `builtin:${name}`, dependencies: [] },
});

const ORCHESTRATOR_PROMPT = `You are the Builder Orchestrator of the zerotouch Spec Engine. You turn a user's
instructions and the current draft (the files you are given) into a refined workflow specification.

The specification is a file tree:
- /THE_SPEC/constitution.md: the non-negotiable principles, guardrails and boundaries of the workflow.
- /THE_SPEC/requirements.md: numbered, testable requirements derived from the instructions.
- /THE_SPEC/plan.md: the agents, their order of work, hand-offs and the tools each one needs.
- /THE_CAST/<AgentName>.md: one file per agent with its role, responsibilities, inputs, outputs and system prompt.
- /definition.json: the compiled multi-agent definition (name, version, tool_definitions, nodes, edges).

How you work:
1. Plan with write_todos: one todo per stage below, updated as each completes.
2. Delegate with the task tool, one specialist at a time and in this order:
   guardrail-agent, impact-analysis-agent, workflow-spec-agent, agent-spec-agent, multiagent-compiler-agent.
   Give each specialist the user's instructions verbatim plus what earlier specialists concluded.
3. Stop and explain when the guardrail agent rejects the request; never write files for a rejected request.
4. Keep existing draft files that the instructions do not touch; change only what is asked.
5. Finish with a short summary of what changed, file by file. Do not invent files outside the tree above.`;

const GUARDRAIL_PROMPT = `You are the Guardrail Agent of the zerotouch Spec Engine. You decide whether a
specification request is safe and in scope before anyone writes a file.

Check the instructions against these rules:
- No secrets, credentials or personal data may be embedded in prompts or files.
- No agent may be given the power to act outside its workflow (deploy, delete data, send money) unless
  the instructions name the action and a human approval step.
- The request must describe a workflow that agents can carry out; reject empty or unrelated requests.
- Existing constitution principles (/THE_SPEC/constitution.md) stay in force unless the user changes them.

Write /guardrail_assessment.md with a verdict line "Verdict: approved" or "Verdict: rejected", then one
bullet per rule with your reasoning. Answer the orchestrator with the verdict and the constraints
the next agents must respect.`;

const IMPACT_PROMPT = `You are the Impact Analysis Agent of the zerotouch Spec Engine. You design the
blueprint of the change before the specification is written.

Read the current draft (ls and read_file), then write /impact_assessment.md with:
- the agents the workflow needs (name, one-line responsibility), which exist already and which are new;
- the files that will be added, modified or left untouched;
- risks and open questions, each with the assumption you make.
Answer the orchestrator with the list of agents and files, in the order they should be produced.`;

const WORKFLOW_SPEC_PROMPT = `You are the Workflow Spec Agent of the zerotouch Spec Engine. You write the
/THE_SPEC/ directory from the impact assessment.

Write, with write_file (or edit_file for an existing file):
- /THE_SPEC/constitution.md: purpose, principles (numbered), guardrails from the guardrail assessment.
- /THE_SPEC/requirements.md: numbered requirements, each testable, each traced to the instructions.
- /THE_SPEC/plan.md: the agents in order, their hand-offs, and the tools each one uses.
Use generate_diff to show the change of each existing file before you overwrite it.
Answer the orchestrator with the paths you wrote.`;

const AGENT_SPEC_PROMPT = `You are the Agent Spec Agent of the zerotouch Spec Engine. You write one
/THE_CAST/<AgentName>.md per agent of the plan (AgentName in PascalCase, no spaces).

Each file has the sections: Role, Responsibilities, Inputs, Outputs, Tools, System Prompt. The system
prompt is the exact text the agent will run with; it must respect the constitution. Remove cast files
of agents the plan no longer has only when the instructions ask for it.
Answer the orchestrator with the agents you wrote.`;

const COMPILER_PROMPT = `You are the Multi-Agent Compiler Agent of the zerotouch Spec Engine. You compile
the plan and the cast into /definition.json and prove it valid.

The definition has: name (kebab-case workflow name), version ("1.0" for a new workflow, else the next
minor version), tool_definitions (one per tool name used), nodes (one Orchestrator and one Specialist
per cast file, with config.name, config.system_prompt taken from the cast file, config.model and
config.tools) and edges (orchestrator → each specialist, type "specialists").
Write /definition.json, then call validate_definition. When it reports errors, fix the file and
validate again until it passes. Answer the orchestrator with the validation result.`;

/** The spec-builder definition: the orchestrator and its five specialists. */
export const SPEC_BUILDER_DEFINITION: AgentDefinition = {
  name: 'spec-builders',
  version: '1',
  tool_definitions: [builtin('validate_definition'), builtin('generate_diff')],
  nodes: [
    {
      id: 'builder_agent_orchestrator',
      type: 'Orchestrator',
      config: {
        name: 'Builder Agent Orchestrator',
        system_prompt: ORCHESTRATOR_PROMPT,
        model: MODEL,
        tools: [],
      },
    },
    {
      id: 'guardrail-agent',
      type: 'Specialist',
      config: {
        name: 'Guardrail Agent',
        description:
          'Checks that the request is safe and in scope; writes /guardrail_assessment.md with a verdict',
        system_prompt: GUARDRAIL_PROMPT,
        model: MODEL,
        tools: [],
      },
    },
    {
      id: 'impact-analysis-agent',
      type: 'Specialist',
      config: {
        name: 'Impact Analysis Agent',
        description: 'Designs the blueprint of the change; writes /impact_assessment.md',
        system_prompt: IMPACT_PROMPT,
        model: MODEL,
        tools: [],
      },
    },
    {
      id: 'workflow-spec-agent',
      type: 'Specialist',
      config: {
        name: 'Workflow Spec Agent',
        description: 'Writes /THE_SPEC/constitution.md, requirements.md and plan.md',
        system_prompt: WORKFLOW_SPEC_PROMPT,
        model: MODEL,
        tools: ['generate_diff'],
      },
    },
    {
      id: 'agent-spec-agent',
      type: 'Specialist',
      config: {
        name: 'Agent Spec Agent',
        description: 'Writes one /THE_CAST/<Agent>.md per agent of the plan',
        system_prompt: AGENT_SPEC_PROMPT,
        model: MODEL,
        tools: ['generate_diff'],
      },
    },
    {
      id: 'multiagent-compiler-agent',
      type: 'Specialist',
      config: {
        name: 'Multi-Agent Compiler Agent',
        description: 'Compiles the plan and cast into /definition.json and validates it',
        system_prompt: COMPILER_PROMPT,
        model: MODEL,
        tools: ['validate_definition'],
      },
    },
  ],
  edges: [
    'guardrail-agent',
    'impact-analysis-agent',
    'workflow-spec-agent',
    'agent-spec-agent',
    'multiagent-compiler-agent',
  ].map((target) => ({ source: 'builder_agent_orchestrator', target, type: 'specialists' as const })),
};
