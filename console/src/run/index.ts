export { reduceAll, reduceRun, type SettledRun, settleFromProposal } from './reducer.js';
export { EMPTY_RUN, type LogEntry, type RunStatus, type RunView, type Todo } from './run-view.js';
export { useRun, type WatchedRun } from './use-run.js';
