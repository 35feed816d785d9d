import { describeCondition, isConditionTrue, stringAt } from '../kube/kube-object.js';
import type { CheckContext, CheckResult } from './check.js';
import { fail, findCrd, guarded, pass } from './check.js';

const PKG_GROUP = 'pkg.crossplane.io';

/** One Crossplane package (Function or Provider): installed, Healthy, and running the package we pin. */
async function checkPackage(
  ctx: CheckContext,
  kind: 'Function' | 'Provider',
  name: string,
  pinned: string,
): Promise<CheckResult[]> {
  const id = `${kind.toLowerCase()}/${name}`;
  const plural = kind === 'Function' ? 'functions' : 'providers';
  const resource = `${plural}.${PKG_GROUP}`;
  return guarded(id, `${kind} ${name}`, async () => {
    const apply = `sync the platform-once chart (it installs ${kind} ${name}, package ${pinned})`;
    if (!findCrd(ctx.crds, PKG_GROUP, kind)) {
      return [
        fail(id, `${kind} ${name} cannot be installed: Crossplane's ${kind} kind is not served`, apply),
      ];
    }
    const pkg = await ctx.client.getCustom(PKG_GROUP, 'v1', plural, name);
    if (!pkg) return [fail(id, `${kind} ${name} is not installed`, apply)];
    const running = stringAt(pkg, 'spec.package') ?? '?';
    if (running !== pinned) {
      return [fail(id, `${kind} ${name} runs ${running}, but charts-out pins ${pinned}`, apply)];
    }
    if (!isConditionTrue(pkg, 'Installed')) {
      return [
        fail(
          id,
          `${kind} ${name} is not installed: ${describeCondition(pkg, 'Installed')}`,
          `kubectl describe ${resource} ${name} (can the cluster pull ${running}?)`,
        ),
      ];
    }
    if (!isConditionTrue(pkg, 'Healthy')) {
      return [
        fail(
          id,
          `${kind} ${name} is not Healthy: ${describeCondition(pkg, 'Healthy')}`,
          `kubectl get ${kind.toLowerCase()}revisions.${PKG_GROUP} -l pkg.crossplane.io/package=${name}; then kubectl -n ${ctx.expect.config.crossplaneNamespace} logs the package's pod`,
        ),
      ];
    }
    return [pass(id, `${kind} ${name} is installed and Healthy (${running})`)];
  });
}

/** The three composition functions our Compositions reference, each installed and Healthy. */
export async function checkFunctions(ctx: CheckContext): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const fn of ctx.expect.functions)
    results.push(...(await checkPackage(ctx, 'Function', fn.name, fn.package)));
  return results;
}

/** provider-sql installed and Healthy, and the ClusterProviderConfig every composed Role and Database uses. */
export async function checkProviderSql(ctx: CheckContext): Promise<CheckResult[]> {
  const { name, package: pinned } = ctx.expect.providerSql;
  const results = await checkPackage(ctx, 'Provider', name, pinned);
  const configName = ctx.expect.config.database.clusterProviderConfigName;
  const id = `clusterproviderconfig/${configName}`;
  const group = 'postgresql.sql.m.crossplane.io';
  const hint = `sync the platform-once chart (it creates ClusterProviderConfig ${configName} for the shared PostgreSQL)`;
  results.push(
    ...(await guarded(id, `ClusterProviderConfig ${configName}`, async () => {
      if (!findCrd(ctx.crds, group, 'ClusterProviderConfig')) {
        return [
          fail(
            id,
            `provider-sql ClusterProviderConfig ${configName} cannot exist: ${group} ClusterProviderConfig is not served`,
            `install provider-sql (${pinned}) first, then ${hint}`,
          ),
        ];
      }
      const found = await ctx.client.getCustom(group, 'v1alpha1', 'clusterproviderconfigs', configName);
      return found
        ? [pass(id, `provider-sql ClusterProviderConfig ${configName} exists`)]
        : [fail(id, `provider-sql ClusterProviderConfig ${configName} does not exist`, hint)];
    })),
  );
  return results;
}
