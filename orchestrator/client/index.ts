export {
  ApiClientError,
  createOrchestratorClient,
  draftFileParam,
  readOk,
  resolveToken,
} from './rest.js';
export type {
  ApiErrorBody,
  OkBody,
  OrchestratorClient,
  OrchestratorClientOptions,
  TokenSource,
} from './rest.js';
export type { WebSocketConstructor, WebSocketLike } from './socket-events.js';
export { WatchError, watchRefinement } from './watch.js';
export type { WatchOutcome, WatchRefinementOptions } from './watch.js';
export type { EventEnvelope } from '../../common/events/envelope.js';
