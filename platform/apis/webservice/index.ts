export { webServiceApi } from './api.js';
export { webServiceComposition, webServiceResources } from './composition.js';
