export { defineEventDrivenServiceApi, eventDrivenServiceApi } from './api.js';
export { eventDrivenServiceComposition, eventDrivenServiceResources } from './composition.js';
