/** The workload's own ServiceAccount (no token mounted by default: the pods do not call the API). */
import { type ComposedTemplate, existsIsReady } from '../../compositions/index.js';
import { COMMON_LABELS, nameAndLabelPatches } from './labels.js';

/** The ServiceAccount template, named after the XR. */
export function serviceAccountTemplate(): ComposedTemplate {
  return {
    name: 'service-account',
    base: {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { labels: { ...COMMON_LABELS } },
      automountServiceAccountToken: false,
    },
    patches: nameAndLabelPatches(),
    readinessChecks: [existsIsReady()],
  };
}
