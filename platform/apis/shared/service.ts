/** A ClusterIP Service in front of the workload's `http` port. */
import {
  type ComposedTemplate,
  combineToXr,
  existsIsReady,
  fromXr,
  type Patch,
} from '../../compositions/index.js';
import { COMMON_LABELS, labelPath, NAME_LABEL, nameAndLabelPatches } from './labels.js';

/** The Service template; `portField` is the XR field holding the port. */
export function serviceTemplate(portField: string, when?: string): ComposedTemplate {
  const patches: Patch[] = [
    ...nameAndLabelPatches(),
    fromXr('metadata.name', labelPath('spec.selector', NAME_LABEL)),
    fromXr(portField, 'spec.ports[0].port'),
    fromXr('spec.sessionAffinity', 'spec.sessionAffinity'),
    combineToXr(
      ['metadata.name', 'metadata.namespace', 'spec.ports[0].port'],
      '%s.%s.svc.cluster.local:%v',
      'status.address',
    ),
  ];
  return {
    name: 'service',
    ...(when ? { when } : {}),
    base: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { labels: { ...COMMON_LABELS } },
      spec: {
        type: 'ClusterIP',
        selector: {},
        // port is required by the schema; the patch from the XR always replaces this value.
        ports: [{ name: 'http', protocol: 'TCP', port: 8080, targetPort: 'http' }],
        sessionAffinity: 'None',
      },
    },
    patches,
    readinessChecks: [existsIsReady()],
  };
}
