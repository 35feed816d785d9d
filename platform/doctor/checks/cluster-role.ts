import { arrayAt } from '../kube/kube-object.js';
import type { KubeObject } from '../kube/kube-object.js';
import type { CheckContext, CheckResult } from './check.js';
import { fail, guarded, pass } from './check.js';

const AGGREGATE_LABEL = 'rbac.crossplane.io/aggregate-to-crossplane';
/** What Crossplane does to composed resources: it must be allowed all of it. */
const NEEDED_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

function strings(rule: unknown, field: string): string[] {
  return arrayAt(rule, field).filter((v): v is string => typeof v === 'string');
}

/** True when some rule grants every needed verb on `group`/`plural`. */
function grants(role: KubeObject, group: string, plural: string): boolean {
  return arrayAt(role, 'rules').some((rule) => {
    const groups = strings(rule, 'apiGroups');
    const resources = strings(rule, 'resources');
    const verbs = strings(rule, 'verbs');
    return (
      (groups.includes(group) || groups.includes('*')) &&
      (resources.includes(plural) || resources.includes('*')) &&
      (verbs.includes('*') || NEEDED_VERBS.every((v) => verbs.includes(v)))
    );
  });
}

/**
 * The aggregated ClusterRole exists, carries the aggregation label, and grants Crossplane every
 * composed kind its own role does not cover. Without it each XR fails with "forbidden".
 */
export function checkClusterRole(ctx: CheckContext): Promise<CheckResult[]> {
  const name = ctx.expect.clusterRoleName;
  const id = `clusterrole/${name}`;
  const sync = 'sync the platform-once chart (it carries the aggregated ClusterRole); do not edit it by hand';
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
          `ClusterRole ${name} does not exist: Crossplane may not create the composed resources`,
          sync,
        ),
      ];
    }
    if (role.metadata?.labels?.[AGGREGATE_LABEL] !== 'true') {
      return [
        fail(
          id,
          `ClusterRole ${name} lacks the label ${AGGREGATE_LABEL}: "true", so Crossplane does not aggregate it`,
          sync,
        ),
      ];
    }
    const missing = ctx.expect.rbacKinds.filter((k) => !grants(role, k.group, k.plural));
    if (missing.length > 0) {
      const named = missing.map((k) => (k.group ? `${k.plural}.${k.group}` : k.plural)).join(', ');
      return [fail(id, `ClusterRole ${name} does not grant ${NEEDED_VERBS.join('/')} on ${named}`, sync)];
    }
    return [pass(id, `ClusterRole ${name} is aggregated to Crossplane and grants the composed kinds`)];
  });
}
