export { registerBacklogMetrics } from './backlog-metrics.js';
export { orchestratorCatalog } from './catalog.js';
