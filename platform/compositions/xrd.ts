/** The Crossplane v2 CompositeResourceDefinition of an API. */
import type { PlatformConfig } from '../config.js';
import { type ApiDefinition, toPrinterColumns, toXrdSchema } from '../schema/index.js';

/** The XRD (`apiextensions.crossplane.io/v2`, namespaced), plain JSON, fully defaulted. */
export function compositeResourceDefinition(
  api: ApiDefinition,
  config: PlatformConfig,
  annotations: Record<string, string> = {},
) {
  return {
    apiVersion: 'apiextensions.crossplane.io/v2',
    kind: 'CompositeResourceDefinition',
    metadata: {
      name: `${api.plural}.${config.apiGroup}`,
      ...(Object.keys(annotations).length ? { annotations: { ...annotations } } : {}),
    },
    spec: {
      group: config.apiGroup,
      names: {
        kind: api.kind,
        plural: api.plural,
        singular: api.singular,
        listKind: `${api.kind}List`,
        ...(api.shortNames.length ? { shortNames: [...api.shortNames] } : {}),
        ...(api.categories.length ? { categories: [...api.categories] } : {}),
      },
      scope: 'Namespaced',
      defaultCompositionRef: { name: api.singular },
      defaultCompositionUpdatePolicy: 'Automatic',
      versions: [
        {
          name: config.apiVersion,
          served: true,
          referenceable: true,
          schema: { openAPIV3Schema: toXrdSchema(api) },
          additionalPrinterColumns: toPrinterColumns(api),
        },
      ],
    },
  };
}
