export { type ConsoleApi, type ConsoleApiOptions, createConsoleApi } from './client.js';
export { ApiFailure, describeFailure } from './failure.js';
export { type WatchRunOptions, watchRun } from './run-stream.js';
export { clearToken, readToken, storeToken } from './session.js';
export type * from './types.js';
export { type ConsoleConfig, loadConsoleConfig } from './console-config.js';
export { type Resource, useResource } from './use-resource.js';
