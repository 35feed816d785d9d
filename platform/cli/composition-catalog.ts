import { eventDrivenServiceComposition, webServiceComposition } from '../apis/index.js';
import type { PlatformConfig } from '../config.js';
import type { JsonObject } from '../render/go/values.js';

// One Composition per API kind, as the charts synthesize it.
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
