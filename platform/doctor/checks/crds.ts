import { describeCondition, isConditionTrue } from '../kube/kube-object.js';
import type { CheckContext, CheckResult } from './check.js';
import { fail, findCrd, pass, servedVersions, splitApiVersion } from './check.js';

/** Where each group's CRDs come from, for the fix hint. */
const INSTALL_HINTS: Record<string, string> = {
  'gateway.networking.k8s.io':
    'install the Gateway API standard-channel CRDs (kubernetes-sigs/gateway-api v1.1 or later)',
  'keda.sh': 'install KEDA 2.x (helm install keda kedacore/keda -n keda --create-namespace)',
  'monitoring.coreos.com':
    'install kube-prometheus-stack (helm install kube-prometheus-stack prometheus-community/kube-prometheus-stack -n monitoring --create-namespace)',
  'jetstream.nats.io': 'install NACK with its CRDs (helm install nack nats/nack), v0.22 or later for v1beta2',
  'postgresql.cnpg.io':
    'install the CloudNativePG operator (helm install cnpg cnpg/cloudnative-pg -n cnpg-system --create-namespace)',
  'postgresql.sql.m.crossplane.io':
    'install provider-sql v0.16.0 or later (it brings the namespaced postgresql.sql.m.crossplane.io kinds)',
};

function installHint(group: string): string {
  return INSTALL_HINTS[group] ?? `install the operator or package that provides the ${group} CRDs`;
}

/**
 * A CRD is served and Established for every kind our charts and compositions create, at the version
 * we emit. A missing one is the silent failure this command exists for: every XR stays not Ready.
 */
export async function checkComposedKindCrds(ctx: CheckContext): Promise<CheckResult[]> {
  return ctx.expect.requiredKinds.map(({ apiVersion, kind }) => {
    const { group, version } = splitApiVersion(apiVersion);
    const id = `crd/${kind}.${group}`;
    const crd = findCrd(ctx.crds, group, kind);
    if (!crd) return fail(id, `No CRD serves ${kind} (${apiVersion})`, installHint(group));
    const name = crd.metadata?.name ?? '?';
    const served = servedVersions(crd);
    if (!served.includes(version)) {
      return fail(
        id,
        `CRD ${name} does not serve ${version} (served: ${served.join(', ') || 'none'})`,
        `upgrade: ${installHint(group)}`,
      );
    }
    if (!isConditionTrue(crd, 'Established')) {
      return fail(
        id,
        `CRD ${name} is not Established: ${describeCondition(crd, 'Established')}`,
        `kubectl describe crd ${name}`,
      );
    }
    return pass(id, `CRD ${name} serves ${kind} at ${version}`);
  });
}
