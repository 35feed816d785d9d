export { specEngineCatalog } from './catalog.js';
