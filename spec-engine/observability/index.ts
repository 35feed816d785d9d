export { specEngineCatalog } from './catalog.js';
export { specEngineDashboard } from './dashboard.js';
export { SPEC_ENGINE_RECORDED, specEngineRules } from './rules.js';
