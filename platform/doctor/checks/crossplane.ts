import { KubeError } from '../kube/kube-errors.js';
import type { KubeObject } from '../kube/kube-object.js';
import { arrayAt, stringAt } from '../kube/kube-object.js';
import type { CheckContext, CheckResult } from './check.js';
import { fail, findCrd, guarded, pass, servedVersions } from './check.js';

const XRD_GROUP = 'apiextensions.crossplane.io';

/** `v2.1.3` from the Crossplane Deployment: its `app.kubernetes.io/version` label, else the image tag. */
function crossplaneVersion(deployments: readonly KubeObject[]): string | undefined {
  for (const deployment of deployments) {
    const label = deployment.metadata?.labels?.['app.kubernetes.io/version'];
    if (label) return label.startsWith('v') ? label : `v${label}`;
    const image = stringAt(arrayAt(deployment, 'spec.template.spec.containers')[0], 'image');
    const tag = image?.includes(':') ? image.slice(image.lastIndexOf(':') + 1) : undefined;
    if (tag) return tag;
  }
  return undefined;
}

/** The Crossplane Deployment(s); the version is only shown, so a user who may not list Deployments still gets the check. */
async function crossplaneDeployments(ctx: CheckContext): Promise<KubeObject[]> {
  try {
    return await ctx.client.listDeployments('app=crossplane');
  } catch (error) {
    if (error instanceof KubeError && !error.isFatal) return [];
    throw error;
  }
}

/**
 * Crossplane is installed and can take `apiextensions.crossplane.io/v2` XRDs. The XRD CRD serving v2
 * is the proof (Crossplane 2.0+); the Deployment's version is shown when it can be found.
 */
export function checkCrossplane(ctx: CheckContext): Promise<CheckResult[]> {
  const id = 'crossplane';
  return guarded(id, 'Crossplane', async () => {
    const xrdCrd = findCrd(ctx.crds, XRD_GROUP, 'CompositeResourceDefinition');
    if (!xrdCrd) {
      return [
        fail(
          id,
          `Crossplane is not installed: no CRD compositeresourcedefinitions.${XRD_GROUP}`,
          `install Crossplane 2.x: helm install crossplane crossplane-stable/crossplane -n ${ctx.expect.config.crossplaneNamespace} --create-namespace`,
        ),
      ];
    }
    const version = crossplaneVersion(await crossplaneDeployments(ctx));
    const named = version ? `Crossplane ${version}` : 'Crossplane (version not found)';
    const served = servedVersions(xrdCrd);
    if (!served.includes('v2')) {
      return [
        fail(
          id,
          `${named} does not serve ${XRD_GROUP}/v2 XRDs (served: ${served.join(', ') || 'none'})`,
          `upgrade Crossplane to 2.0 or later: helm upgrade crossplane crossplane-stable/crossplane -n ${ctx.expect.config.crossplaneNamespace}`,
        ),
      ];
    }
    return [pass(id, `${named} is installed and serves ${XRD_GROUP}/v2 XRDs`)];
  });
}
