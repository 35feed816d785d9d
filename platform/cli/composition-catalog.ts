import { eventDrivenServiceComposition } from '../apis/event-driven-service/composition.js';
import { webServiceComposition } from '../apis/webservice/composition.js';
import type { PlatformConfig } from '../config.js';
import type { JsonObject } from '../render/go/values.js';

// The API modules export their Composition factories from their own files (not yet from apis/index).
const COMPOSITIONS: Record<string, (config: PlatformConfig) => JsonObject> = {
  WebService: (config) => webServiceComposition(config) as unknown as JsonObject,
  EventDrivenService: (config) => eventDrivenServiceComposition(config) as unknown as JsonObject,
};

/**
 * The Composition (plain JSON, as synthesized) that the code defines for an XR kind, or undefined
 * when the kind has none.
 */
export function compositionFor(kind: string, config: PlatformConfig): JsonObject | undefined {
  const factory = Object.hasOwn(COMPOSITIONS, kind) ? COMPOSITIONS[kind] : undefined;
  return factory ? structuredClone(factory(config)) : undefined;
}
