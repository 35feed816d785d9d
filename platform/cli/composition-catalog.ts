import type { PlatformConfig } from '../config.js';
import type { JsonObject } from '../render/go/values.js';

/**
 * The Composition (plain JSON, as synthesized) that the code defines for an XR kind, or undefined
 * when the kind has none.
 */
export function compositionFor(kind: string, config: PlatformConfig): JsonObject | undefined {
  const factory = COMPOSITIONS[kind];
  return factory ? factory(config) : undefined;
}

/** The kinds that have a Composition in code. */
export function composedKinds(): string[] {
  return Object.keys(COMPOSITIONS);
}

const COMPOSITIONS: Record<string, (config: PlatformConfig) => JsonObject> = {};
