/** Labels and names every composed workload shares. */
import { format, fromXr, type Patch } from '../../compositions/index.js';

/** The label that names a workload's pods; NetworkPolicies select callers by it. */
export const NAME_LABEL = 'app.kubernetes.io/name';

/** Static labels on every composed object. */
export const COMMON_LABELS = {
  'app.kubernetes.io/part-of': 'zerotouch',
  'app.kubernetes.io/managed-by': 'crossplane',
};

/** Field path of a label in P&T syntax (keys with dots and slashes are bracketed). */
export function labelPath(prefix: string, label: string): string {
  return `${prefix}["${label}"]`;
}

/** Patches that name the composed object after the XR (`<xr-name><suffix>`) and label it. */
export function nameAndLabelPatches(suffix = ''): Patch[] {
  return [
    fromXr('metadata.name', 'metadata.name', suffix ? { transforms: [format(`%s${suffix}`)] } : {}),
    fromXr('metadata.name', labelPath('metadata.labels', NAME_LABEL)),
  ];
}
