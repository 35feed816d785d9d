import { readFileSync } from 'node:fs';
import path from 'node:path';
import { platformApi, platformApis } from '../../apis/index.js';
import type { PlatformConfig } from '../../config.js';
import type { ApiDefinition } from '../../schema/index.js';

/** One platform API with what the schema and docs generators need. */
export interface CatalogEntry {
  readonly api: ApiDefinition;
  /** XR apiVersion (`group/version`). */
  readonly apiVersion: string;
  /** Lowercase kind, the base name of its generated files (`webservice`). */
  readonly slug: string;
  /** The minimal example claim, verbatim, when the API ships one. */
  readonly example?: string;
}

/** Our APIs for an environment, in a fixed order (by kind). */
export function apiCatalog(config: PlatformConfig): CatalogEntry[] {
  return [...platformApis(config).entries()]
    .map(([key, api]) => ({
      api,
      apiVersion: key.slice(0, key.lastIndexOf('/')),
      slug: api.kind.toLowerCase(),
      example: readExample(api.kind),
    }))
    .sort((a, b) => a.api.kind.localeCompare(b.api.kind));
}

function readExample(kind: string): string | undefined {
  const api = platformApi(kind);
  if (!api) return undefined;
  try {
    return readFileSync(path.join(api.examplesDir, 'valid', 'minimal.yaml'), 'utf8');
  } catch {
    return undefined;
  }
}
