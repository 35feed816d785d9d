/**
 * The NetworkPolicy, only when `allowedCallers` is set: ingress to the worker's pods only from the
 * listed workloads (pods labelled `app.kubernetes.io/name: <name>`, in `namespace` or the XR's own).
 * P&T cannot map over a list, so each of the (at most five) callers has its own patches. A
 * `metricsScraper` (Prometheus) is admitted to the HTTP port only.
 */
import {
  type ComposedTemplate,
  combineFromXr,
  convert,
  existsIsReady,
  fromXr,
  type Patch,
  xrHasItems,
} from '../../../compositions/index.js';
import { COMMON_LABELS, labelPath, NAME_LABEL, nameAndLabelPatches } from '../../shared/labels.js';

/** The most callers `allowedCallers` takes (its maxItems). */
export const MAX_CALLERS = 5;

function callerPatches(i: number): Patch[] {
  const peer = `spec.ingress[0].from[${i}]`;
  return [
    fromXr(`spec.allowedCallers[${i}].name`, labelPath(`${peer}.podSelector.matchLabels`, NAME_LABEL)),
    fromXr(
      `spec.allowedCallers[${i}].namespace`,
      labelPath(`${peer}.namespaceSelector.matchLabels`, 'kubernetes.io/metadata.name'),
    ),
  ];
}

/**
 * A second ingress rule for `metricsScraper`: its namespace (and pods, when named) on httpPort only.
 * The port is combined with the namespace so that a claim without a scraper never gets a rule
 * with ports and no peer (which would admit every source).
 */
function scraperPatches(): Patch[] {
  const rule = 'spec.ingress[1]';
  return [
    fromXr(
      'spec.metricsScraper.namespace',
      labelPath(`${rule}.from[0].namespaceSelector.matchLabels`, 'kubernetes.io/metadata.name'),
    ),
    fromXr('spec.metricsScraper.name', labelPath(`${rule}.from[0].podSelector.matchLabels`, NAME_LABEL)),
    combineFromXr(['spec.metricsScraper.namespace', 'spec.httpPort'], '%[2]v', `${rule}.ports[0].port`, {
      transforms: [convert('int64')],
    }),
  ];
}

/** The NetworkPolicy template. */
export function networkPolicyTemplate(): ComposedTemplate {
  return {
    name: 'network-policy',
    when: xrHasItems('spec.allowedCallers'),
    base: {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { labels: { ...COMMON_LABELS } },
      spec: { podSelector: { matchLabels: {} }, policyTypes: ['Ingress'], ingress: [{ from: [] }] },
    },
    patches: [
      ...nameAndLabelPatches(),
      fromXr('metadata.name', labelPath('spec.podSelector.matchLabels', NAME_LABEL)),
      ...Array.from({ length: MAX_CALLERS }, (_, i) => callerPatches(i)).flat(),
      ...scraperPatches(),
    ],
    readinessChecks: [existsIsReady()],
  };
}
