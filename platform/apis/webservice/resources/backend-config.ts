/** The backend config: a ConfigMap with BACKEND_SERVICE_URL, composed only when a backend is set. */
import { type ComposedTemplate, combineFromXr, existsIsReady, xrHas } from '../../../compositions/index.js';
import type { OptionalConfigMapEnv } from '../../shared/init-container.js';
import { COMMON_LABELS, nameAndLabelPatches } from '../../shared/labels.js';

/** How the Deployment picks the ConfigMap up (envFrom, only when the backend is set). */
export const BACKEND_CONFIG: OptionalConfigMapEnv = { when: 'spec.backendService.name', suffix: '-backend' };

const URL_FORMAT = 'http://%s.%s.svc.cluster.local:%v';

/** The ConfigMap template. */
export function backendConfigTemplate(): ComposedTemplate {
  return {
    name: 'backend-config',
    when: xrHas(BACKEND_CONFIG.when),
    base: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { labels: { ...COMMON_LABELS } }, data: {} },
    patches: [
      ...nameAndLabelPatches(BACKEND_CONFIG.suffix),
      // The XR's namespace first; an explicit backendService.namespace then replaces it.
      combineFromXr(
        ['spec.backendService.name', 'metadata.namespace', 'spec.backendService.port'],
        URL_FORMAT,
        'data.BACKEND_SERVICE_URL',
      ),
      combineFromXr(
        ['spec.backendService.name', 'spec.backendService.namespace', 'spec.backendService.port'],
        URL_FORMAT,
        'data.BACKEND_SERVICE_URL',
      ),
    ],
    readinessChecks: [existsIsReady()],
  };
}
