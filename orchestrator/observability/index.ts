export { registerBacklogMetrics } from './backlog-metrics.js';
export { orchestratorCatalog } from './catalog.js';
export { orchestratorDashboard } from './dashboard.js';
export { LATENCY_SLO, ORCHESTRATOR_RECORDED, orchestratorRules } from './rules.js';
