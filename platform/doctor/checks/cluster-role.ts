import type { CheckContext, CheckResult } from './check.js';
import { fail, guarded, pass } from './check.js';

const AGGREGATE_LABEL = 'rbac.crossplane.io/aggregate-to-crossplane';

/** The aggregated ClusterRole that lets Crossplane manage the composed kinds its own role does not cover. */
export function checkClusterRole(ctx: CheckContext): Promise<CheckResult[]> {
  const name = ctx.expect.clusterRoleName;
  const id = `clusterrole/${name}`;
  return guarded(id, `ClusterRole ${name}`, async () => {
    const role = await ctx.client.read({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      name,
    });
    if (!role) {
      return [
        fail(
          id,
          `ClusterRole ${name} does not exist: Crossplane cannot create the composed HTTPRoutes, ScaledObjects and databases`,
          'sync the platform-once chart (it carries the aggregated ClusterRole)',
        ),
      ];
    }
    if (role.metadata?.labels?.[AGGREGATE_LABEL] !== 'true') {
      return [
        fail(
          id,
          `ClusterRole ${name} lacks the label ${AGGREGATE_LABEL}: "true", so Crossplane does not aggregate it`,
          'sync the platform-once chart; do not edit the ClusterRole by hand',
        ),
      ];
    }
    return [pass(id, `ClusterRole ${name} is aggregated to Crossplane`)];
  });
}
