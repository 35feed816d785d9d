export { createApp, MAX_BODY_BYTES } from './app.js';
export type { AppDeps, AppType } from './app.js';
export type { AppEnv, AuthUser } from './app-env.js';
export { ConfigError, loadConfig } from './config.js';
export type { AuthConfig, OrchestratorConfig } from './config.js';
export { DATABASE_NAME, openOrchestratorDatabase } from './db/client.js';
export type { OrchestratorDatabase } from './db/client.js';
export { migrationsDir, runMigrations } from './db/migrate.js';
export type { ProposalRow, ProposalStatus } from './db/proposals.js';
export { ApiError, errorBody } from './errors.js';
export {
  approveProposal,
  completeProposal,
  failProposal,
  findProposalByThreadForUser,
  getProposal,
  rejectProposal,
} from './services/proposals.js';
export type { TransitionResult } from './services/proposals.js';
export type { Proposal as ProposalView } from './contract/proposals.js';
export { createSpecEngineClient, SpecEngineError } from './engine/spec-engine-client.js';
export type {
  BreakerState,
  EngineState,
  SpecEngineClient,
  SpecEngineClientOptions,
  SpecEngineErrorCode,
} from './engine/spec-engine-client.js';
export { bearerToken, createTokenVerifier, KeySourceError, TokenError } from './services/token-verifier.js';
export type { TokenVerifier, VerifiedToken } from './services/token-verifier.js';
export { createUserResolver } from './services/users.js';
export type { UserResolver } from './services/users.js';
export { startOrchestrator } from './server.js';
export type { RunningOrchestrator } from './server.js';
