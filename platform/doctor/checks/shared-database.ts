import { describeCondition, fieldAt, isConditionTrue, stringAt } from '../kube/kube-object.js';
import type { CheckContext, CheckResult } from './check.js';
import { fail, findCrd, guarded, pass } from './check.js';

const GROUP = 'postgresql.cnpg.io';

/** The shared PostgreSQL instance (a CNPG Cluster) that provider-sql creates every service's database in is ready. */
export function checkSharedDatabase(ctx: CheckContext): Promise<CheckResult[]> {
  const { instanceName: name, namespace } = ctx.expect.config.database;
  const id = `postgres/${namespace}/${name}`;
  const label = `PostgreSQL cluster ${namespace}/${name}`;
  return guarded(id, label, async () => {
    if (!findCrd(ctx.crds, GROUP, 'Cluster')) {
      return [
        fail(
          id,
          `${label} cannot exist: ${GROUP} Cluster is not served`,
          'install the CloudNativePG operator, then sync the platform-once chart',
        ),
      ];
    }
    const cluster = await ctx.client.getCustom(GROUP, 'v1', 'clusters', name, namespace);
    if (!cluster) {
      return [
        fail(
          id,
          `${label} does not exist`,
          `sync the platform-once chart (it creates the CNPG Cluster ${name} in ${namespace})`,
        ),
      ];
    }
    const ready = fieldAt(cluster, 'status.readyInstances') ?? 0;
    const total = fieldAt(cluster, 'status.instances') ?? fieldAt(cluster, 'spec.instances') ?? '?';
    if (!isConditionTrue(cluster, 'Ready')) {
      const phase = stringAt(cluster, 'status.phase') ?? 'unknown';
      return [
        fail(
          id,
          `${label} is not ready: phase "${phase}", ${ready}/${total} instances ready, ${describeCondition(cluster, 'Ready')}`,
          `kubectl -n ${namespace} describe clusters.${GROUP} ${name} (or kubectl cnpg status ${name} -n ${namespace})`,
        ),
      ];
    }
    return [pass(id, `${label} is ready (${ready}/${total} instances)`)];
  });
}
