export { defineEventDrivenServiceApi, eventDrivenServiceApi } from './api.js';
export type { EventDrivenServiceProps, EventDrivenServiceSpec } from './claim.js';
export { EventDrivenService } from './claim.js';
export { eventDrivenServiceComposition, eventDrivenServiceResources } from './composition.js';
