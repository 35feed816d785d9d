import { arrayAt, describeCondition, fieldAt, isConditionTrue, stringAt } from '../kube/kube-object.js';
import type { CheckContext, CheckResult } from './check.js';
import { fail, findCrd, guarded, pass, servedVersions } from './check.js';

const GROUP = 'apiextensions.crossplane.io';

/**
 * Our XRDs are Established, and Offered when they offer a claim. Crossplane 2 sets `Offered` only on
 * XRDs with `claimNames` (internal/controller/apiextensions/offered: the `OffersClaim` predicate), so
 * a Namespaced v2 XRD, whose XR is what teams write, is complete once Established.
 */
export function checkXrds(ctx: CheckContext): Promise<CheckResult[]> {
  const { apiGroup, apiVersion } = ctx.expect.config;
  return guarded('xrds', 'our XRDs', async () => {
    const xrdCrd = findCrd(ctx.crds, GROUP, 'CompositeResourceDefinition');
    if (!xrdCrd) {
      return ctx.expect.xrdKinds.map((kind) =>
        fail(
          `xrd/${kind}`,
          `XRD for ${kind} (${apiGroup}) cannot exist: Crossplane is not installed`,
          'install Crossplane 2.x first, then sync the platform APIs chart from charts-out/',
        ),
      );
    }
    // Read at v2 when served (our XRDs are v2); Crossplane 1.x serves only v1, which the crossplane check reports.
    const readAt = servedVersions(xrdCrd).includes('v2') ? 'v2' : 'v1';
    const xrds = await ctx.client.listCustom(GROUP, readAt, 'compositeresourcedefinitions');
    return ctx.expect.xrdKinds.map((kind) => {
      const id = `xrd/${kind}`;
      const xrd = xrds.find(
        (x) => stringAt(x, 'spec.group') === apiGroup && stringAt(x, 'spec.names.kind') === kind,
      );
      if (!xrd) {
        return fail(
          id,
          `XRD for ${kind} (${apiGroup}) is not installed`,
          'sync the platform APIs chart from charts-out/ (it carries the XRDs and Compositions)',
        );
      }
      const name = xrd.metadata?.name ?? '?';
      const describe = `kubectl describe compositeresourcedefinitions.${GROUP} ${name}`;
      if (!isConditionTrue(xrd, 'Established')) {
        return fail(id, `XRD ${name} is not Established: ${describeCondition(xrd, 'Established')}`, describe);
      }
      const served = arrayAt(xrd, 'spec.versions')
        .filter((v) => fieldAt(v, 'served') === true)
        .map((v) => stringAt(v, 'name'));
      if (!served.includes(apiVersion)) {
        return fail(
          id,
          `XRD ${name} does not serve ${apiVersion}, the version charts-out/ claims use (served: ${served.join(', ') || 'none'})`,
          'sync the platform APIs chart from charts-out/ so the XRD and the claims agree',
        );
      }
      if (fieldAt(xrd, 'spec.claimNames') === undefined) {
        return pass(
          id,
          `XRD ${name} is Established (${stringAt(xrd, 'spec.scope') ?? 'Namespaced'} XR, no claim to offer)`,
        );
      }
      if (!isConditionTrue(xrd, 'Offered')) {
        return fail(id, `XRD ${name} is not Offered: ${describeCondition(xrd, 'Offered')}`, describe);
      }
      return pass(id, `XRD ${name} is Established and Offered`);
    });
  });
}
