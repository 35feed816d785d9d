export { webServiceApi } from './api.js';
export type { WebServiceProps, WebServiceSpec } from './claim.js';
export { WebService } from './claim.js';
export { webServiceComposition, webServiceResources } from './composition.js';
