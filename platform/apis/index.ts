export type { ClaimProps } from './claim-object.js';
export type { ComposedKind } from './composed-kinds.js';
export { composedKinds, groupOf } from './composed-kinds.js';
export type { EventDrivenServiceProps, EventDrivenServiceSpec } from './event-driven-service/index.js';
export {
  defineEventDrivenServiceApi,
  EventDrivenService,
  eventDrivenServiceApi,
  eventDrivenServiceComposition,
  eventDrivenServiceResources,
} from './event-driven-service/index.js';
export type { ExampleClaim } from './examples.js';
export { loadExampleClaims } from './examples.js';
export type { PlatformApi, PlatformApiKind } from './registry.js';
export { PLATFORM_APIS, platformApi, platformApis } from './registry.js';
export type { ContainerResources, SizeName } from './sizing.js';
export { DEFAULT_SIZE, SIZE_NAMES, Sizing } from './sizing.js';
export type { WebServiceProps, WebServiceSpec } from './webservice/index.js';
export { WebService, webServiceApi, webServiceComposition, webServiceResources } from './webservice/index.js';
