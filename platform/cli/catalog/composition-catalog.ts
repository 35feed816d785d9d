import { platformApi } from '../../apis/index.js';
import type { PlatformConfig } from '../../config.js';
import type { JsonObject } from '../../render/go/values.js';

/**
 * The Composition (plain JSON, as synthesized) that the code defines for an XR kind, or undefined
 * when the kind has none.
 */
export function compositionFor(kind: string, config: PlatformConfig): JsonObject | undefined {
  const api = platformApi(kind);
  return api ? (structuredClone(api.composition(config)) as unknown as JsonObject) : undefined;
}
