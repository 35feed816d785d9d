import { stringAt } from '../kube/kube-object.js';
import type { CheckContext, CheckResult } from './check.js';
import { fail, findCrd, guarded, pass } from './check.js';

const GROUP = 'apiextensions.crossplane.io';

/** A Composition exists for each of our XR kinds at the version charts-out/ claims use; without one no XR composes. */
export function checkCompositions(ctx: CheckContext): Promise<CheckResult[]> {
  const { apiGroup, apiVersion } = ctx.expect.config;
  const xrApiVersion = `${apiGroup}/${apiVersion}`;
  const sync = 'sync the platform APIs chart from charts-out/ (it carries the XRDs and Compositions)';
  return guarded('compositions', 'our Compositions', async () => {
    if (!findCrd(ctx.crds, GROUP, 'Composition')) {
      return ctx.expect.xrdKinds.map((kind) =>
        fail(
          `composition/${kind}`,
          `Composition for ${kind} cannot exist: Crossplane is not installed`,
          `install Crossplane 2.x first, then ${sync}`,
        ),
      );
    }
    const compositions = await ctx.client.listCustom(GROUP, 'v1', 'compositions');
    return ctx.expect.xrdKinds.map((kind) => {
      const id = `composition/${kind}`;
      const forKind = compositions.filter((c) => stringAt(c, 'spec.compositeTypeRef.kind') === kind);
      const matching = forKind.filter(
        (c) => stringAt(c, 'spec.compositeTypeRef.apiVersion') === xrApiVersion,
      );
      if (matching.length === 0) {
        const others = forKind.map(
          (c) => `${c.metadata?.name} (${stringAt(c, 'spec.compositeTypeRef.apiVersion')})`,
        );
        const found = others.length > 0 ? `; found only ${others.join(', ')}` : '';
        return fail(id, `No Composition composes ${kind} (${xrApiVersion})${found}`, sync);
      }
      const names = matching.map((c) => c.metadata?.name ?? '?').join(', ');
      return pass(id, `Composition ${names} composes ${kind} (${xrApiVersion})`);
    });
  });
}
