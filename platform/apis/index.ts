export type { ClaimProps } from './claims/claim-object.js';
export type { ComposedKind } from './composed-kinds.js';
export { composedKinds, groupOf } from './composed-kinds.js';
export type { EventDrivenServiceProps, EventDrivenServiceSpec } from './claims/event-driven-service.js';
export { EventDrivenService } from './claims/event-driven-service.js';
export type { WebServiceProps, WebServiceSpec } from './claims/webservice.js';
export { WebService } from './claims/webservice.js';
export {
  defineEventDrivenServiceApi,
  eventDrivenServiceApi,
  eventDrivenServiceComposition,
  eventDrivenServiceResources,
} from './event-driven-service/index.js';
export type { ExampleClaim } from './examples.js';
export { loadExampleClaims } from './examples.js';
export type { PlatformApi, PlatformApiKind } from './registry/registry.js';
export { PLATFORM_APIS, platformApi, platformApis } from './registry/registry.js';
export type { ContainerResources, SizeName } from './shared/sizing.js';
export { DEFAULT_SIZE, SIZE_NAMES, Sizing } from './shared/sizing.js';
export { webServiceApi, webServiceComposition, webServiceResources } from './webservice/index.js';
