/**
 * The databases of the two services, one each on a shared PostgreSQL server: the platform's claims
 * create them, the services open them, the local stack creates both.
 */

/** The IDE Orchestrator's database (workflows, drafts, versions, proposals). */
export const ORCHESTRATOR_DATABASE = 'ide_orchestrator';

/** The Spec Engine's database (checkpoints, events, runs). */
export const SPEC_ENGINE_DATABASE = 'deepagents_runtime';
