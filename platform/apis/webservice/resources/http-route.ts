/**
 * The public route, only when `hostname` is set: an HTTPRoute on the Gateway's HTTPS listener to the
 * Service, and one on the HTTP listener that redirects to HTTPS. The hostname is the user's, never
 * rewritten.
 */
import type { PlatformConfig } from '../../../config.js';
import { type ComposedTemplate, combineToXr, fromXr, nonEmpty, xrHas } from '../../../compositions/index.js';
import { COMMON_LABELS, nameAndLabelPatches } from '../../shared/labels.js';

function parentRef(config: PlatformConfig, listener: string) {
  return {
    group: 'gateway.networking.k8s.io',
    kind: 'Gateway',
    name: config.gateway.name,
    namespace: config.gateway.namespace,
    sectionName: listener,
  };
}

function routeBase(config: PlatformConfig, listener: string, rule: Record<string, unknown>) {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { labels: { ...COMMON_LABELS } },
    spec: { parentRefs: [parentRef(config, listener)], hostnames: [], rules: [rule] },
  };
}

/** The HTTPS route and the HTTP→HTTPS redirect route. */
export function httpRouteTemplates(config: PlatformConfig): ComposedTemplate[] {
  const when = xrHas('spec.hostname');
  // A gateway controller writes status.parents once it has taken the route: that is our readiness.
  const ready = [nonEmpty('status.parents[0].controllerName')];
  return [
    {
      name: 'http-route',
      when,
      base: routeBase(config, config.gateway.httpsListener, {
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        // name and port are required by the schema; patches from the XR always replace them.
        backendRefs: [{ group: '', kind: 'Service', name: 'service', port: 8080, weight: 1 }],
      }),
      patches: [
        ...nameAndLabelPatches(),
        fromXr('spec.hostname', 'spec.hostnames[0]'),
        fromXr('spec.pathPrefix', 'spec.rules[0].matches[0].path.value'),
        fromXr('metadata.name', 'spec.rules[0].backendRefs[0].name'),
        fromXr('spec.port', 'spec.rules[0].backendRefs[0].port'),
        combineToXr(
          ['spec.hostnames[0]', 'spec.rules[0].matches[0].path.value'],
          'https://%s%s',
          'status.url',
        ),
      ],
      readinessChecks: ready,
    },
    {
      name: 'http-redirect-route',
      when,
      base: routeBase(config, config.gateway.httpListener, {
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }],
      }),
      patches: [...nameAndLabelPatches('-redirect'), fromXr('spec.hostname', 'spec.hostnames[0]')],
      readinessChecks: ready,
    },
  ];
}
