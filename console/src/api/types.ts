import type { ConsoleApi } from './client.js';

type Answer<K extends keyof ConsoleApi> = Awaited<ReturnType<ConsoleApi[K]>>;

/** A workflow as the API shows it (typed from the route declarations). */
export type Workflow = Answer<'getWorkflow'>;
/** The draft of a workflow. */
export type Draft = Answer<'getDraft'>;
/** A published version as listed. */
export type VersionSummary = Answer<'listVersions'>[number];
/** A proposal: the result of one refinement, and its review state. */
export type Proposal = Answer<'getProposal'>;

/** One page of the user's workflows, newest first. */
export type WorkflowPage = Answer<'listWorkflows'>;
/** A proposal as a workflow's list shows it. */
export type ProposalSummary = Answer<'listProposals'>[number];
