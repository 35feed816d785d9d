/**
 * The platform APIs, listed once: the charts, the validator, the renderer, the reference
 * generators and the example loaders all read this list. Its own file (re-exported by index.ts)
 * so that the claim constructs can read it without importing themselves.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { pipelineComposition } from '../../compositions/index.js';
import { defaultConfig, type PlatformConfig, xrApiVersion } from '../../config.js';
import type { ApiDefinition } from '../../schema/index.js';
import { defineEventDrivenServiceApi } from '../event-driven-service/api.js';
import { eventDrivenServiceComposition } from '../event-driven-service/composition.js';
import { webServiceApi } from '../webservice/api.js';
import { webServiceComposition } from '../webservice/composition.js';

/** One platform API: its definition and Composition for an environment, and its examples. */
export interface PlatformApi {
  readonly kind: string;
  /** Suffix of the construct ids of its XRD and Composition in the APIs chart. */
  readonly chartId: string;
  /** The API definition (the XRD's source) for an environment. */
  definition(config: PlatformConfig): ApiDefinition;
  /** The Composition for an environment, as the charts synthesize it. */
  composition(config: PlatformConfig): ReturnType<typeof pipelineComposition>;
  /** `examples/{valid,invalid}/*.yaml` claims, for tests and the reference. */
  readonly examplesDir: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));

/** Every platform API, in the order the charts emit them. */
export const PLATFORM_APIS = [
  {
    kind: 'WebService',
    chartId: 'webservice',
    definition: () => webServiceApi,
    composition: (config) => webServiceComposition(config),
    examplesDir: path.join(here, '..', 'webservice', 'examples'),
  },
  {
    kind: 'EventDrivenService',
    chartId: 'eds',
    definition: defineEventDrivenServiceApi,
    composition: (config) => eventDrivenServiceComposition(config),
    examplesDir: path.join(here, '..', 'event-driven-service', 'examples'),
  },
] as const satisfies readonly PlatformApi[];

/** A platform API's kind. */
export type PlatformApiKind = (typeof PLATFORM_APIS)[number]['kind'];

/** The platform API of `kind`, or undefined when `kind` is not one. */
export function platformApi(kind: string): PlatformApi | undefined {
  return PLATFORM_APIS.find((api) => api.kind === kind);
}

const byConfig = new WeakMap<PlatformConfig, Map<string, ApiDefinition>>();

/**
 * The API definitions of an environment, keyed by `apiVersion/kind`; the same map for the same
 * config, so the validator compiles each schema once.
 */
export function platformApis(config: PlatformConfig = defaultConfig): Map<string, ApiDefinition> {
  let apis = byConfig.get(config);
  if (!apis) {
    const apiVersion = xrApiVersion(config);
    apis = new Map(PLATFORM_APIS.map((api) => [`${apiVersion}/${api.kind}`, api.definition(config)]));
    byConfig.set(config, apis);
  }
  return apis;
}
