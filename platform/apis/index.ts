export type { ComposedKind } from './composed-kinds.js';
export { composedKinds, groupOf } from './composed-kinds.js';
export { defineEventDrivenServiceApi, eventDrivenServiceApi } from './event-driven-service/api.js';
export type { ContainerResources, SizeName } from './sizing.js';
export { DEFAULT_SIZE, SIZE_NAMES, Sizing } from './sizing.js';
export { webServiceApi } from './webservice/api.js';
export type { ExampleClaim } from './examples.js';
export { EXAMPLE_DIRS, loadExampleClaims } from './examples.js';
