import type { PlatformConfig } from '../../config.js';
import type { JsonObject } from '../../render/go/values.js';
import { isObject } from '../../render/go/values.js';
import type { DocsComposedResource } from '../../schema/to-docs.js';
import { compositionFor } from './composition-catalog.js';

/**
 * The resources a Pipeline Composition composes, read from its function-patch-and-transform step,
 * with the function-cel-filter expression that guards each optional one.
 */
export function listComposedResources(composition: JsonObject): DocsComposedResource[] {
  const spec = isObject(composition['spec']) ? composition['spec'] : {};
  const steps = Array.isArray(spec['pipeline']) ? spec['pipeline'].filter(isObject) : [];
  const inputs = steps.map((s) => (isObject(s['input']) ? s['input'] : {}));
  const pt = inputs.find((i) => i['kind'] === 'Resources');
  const filters = inputs.flatMap((i) =>
    i['kind'] === 'Filters' && Array.isArray(i['filters']) ? i['filters'] : [],
  );
  const templates = pt && Array.isArray(pt['resources']) ? pt['resources'].filter(isObject) : [];
  return templates.map((t) => {
    const base = isObject(t['base']) ? t['base'] : {};
    const name = String(t['name'] ?? '');
    const filter = filters.find((f) => isObject(f) && new RegExp(`^${String(f['name'] ?? '')}$`).test(name));
    const when =
      isObject(filter) && typeof filter['expression'] === 'string' ? filter['expression'] : undefined;
    return {
      name,
      apiVersion: String(base['apiVersion'] ?? ''),
      kind: String(base['kind'] ?? ''),
      ...(when ? { when } : {}),
    };
  });
}

/** The composed resources of the API `kind`, from its Composition in code (empty when it has none). */
export function composedResourcesOf(kind: string, config: PlatformConfig): DocsComposedResource[] {
  const composition = compositionFor(kind, config);
  return composition ? listComposedResources(composition) : [];
}
