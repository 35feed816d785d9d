import { arrayAt, stringAt } from '../kube/kube-object.js';
import type { CheckContext, CheckResult } from './check.js';
import { fail, findCrd, guarded, pass } from './check.js';

const GROUP = 'gateway.networking.k8s.io';

/** The configured Gateway exists and has the listener names our HTTPRoutes attach to (`sectionName`). */
export function checkGateway(ctx: CheckContext): Promise<CheckResult[]> {
  const { name, namespace, httpsListener, httpListener } = ctx.expect.config.gateway;
  const id = `gateway/${namespace}/${name}`;
  const configHint =
    'or point gateway.name/namespace in the platform config (ZT_CONFIG) at the right Gateway';
  return guarded(id, `Gateway ${namespace}/${name}`, async () => {
    if (!findCrd(ctx.crds, GROUP, 'Gateway')) {
      return [
        fail(
          id,
          `Gateway ${namespace}/${name} cannot exist: ${GROUP} Gateway is not served`,
          'install the Gateway API standard-channel CRDs and a Gateway controller',
        ),
      ];
    }
    const gateway = await ctx.client.getCustom(GROUP, 'v1', 'gateways', name, namespace);
    if (!gateway) {
      return [
        fail(
          id,
          `Gateway ${namespace}/${name} does not exist`,
          `create it with listeners ${httpsListener} and ${httpListener}, ${configHint}`,
        ),
      ];
    }
    const listeners = arrayAt(gateway, 'spec.listeners')
      .map((l) => stringAt(l, 'name'))
      .filter((l): l is string => l !== undefined);
    const missing = [httpsListener, httpListener].filter((l) => !listeners.includes(l));
    if (missing.length > 0) {
      return [
        fail(
          id,
          `Gateway ${namespace}/${name} lacks listener(s) ${missing.join(', ')} (has: ${listeners.join(', ') || 'none'})`,
          `add listeners named ${missing.join(' and ')}, or set gateway.httpsListener/httpListener in the platform config`,
        ),
      ];
    }
    return [pass(id, `Gateway ${namespace}/${name} has listeners ${httpsListener}, ${httpListener}`)];
  });
}
