import type { PlatformConfig } from '../../config.js';
import type { KubeClient } from '../kube/kube-client.js';
import { KubeError } from '../kube/kube-errors.js';
import type { KubeObject } from '../kube/kube-object.js';

/** A kind that `charts-out/` creates and the cluster must serve, at the version we emit. */
export interface RequiredKind {
  readonly apiVersion: string;
  readonly kind: string;
}

/** What doctor expects of the cluster: derived from the platform config and the API definitions. */
export interface DoctorExpectations {
  readonly config: PlatformConfig;
  /** Composition functions by name, with the package each must run. */
  readonly functions: readonly { readonly name: string; readonly package: string }[];
  /** The provider-sql `Provider` object's name and package. */
  readonly providerSql: { readonly name: string; readonly package: string };
  /** Kinds provided by CRDs (not built into Kubernetes) that our charts and compositions create. */
  readonly requiredKinds: readonly RequiredKind[];
  /** Composed kinds the aggregated ClusterRole must grant Crossplane. */
  readonly rbacKinds: readonly { readonly group: string; readonly plural: string; readonly kind: string }[];
  /** Kinds of our XRDs (in `config.apiGroup`). */
  readonly xrdKinds: readonly string[];
  /** Name of the aggregated ClusterRole granting Crossplane the composed kinds. */
  readonly clusterRoleName: string;
}

/** The outcome of one doctor check: one ✔/✘ line. */
export interface CheckResult {
  /** Stable id, e.g. `function/function-cel-filter`. */
  readonly id: string;
  readonly ok: boolean;
  /** The line a user reads. */
  readonly message: string;
  /** What to do about a failure; absent when ok. */
  readonly hint?: string;
}

/** What every check gets: the client, the expectations and the CRDs (listed once). */
export interface CheckContext {
  readonly client: KubeClient;
  readonly expect: DoctorExpectations;
  readonly crds: readonly KubeObject[];
}

/** A passing result. */
export function pass(id: string, message: string): CheckResult {
  return { id, ok: true, message };
}

/** A failing result with its fix hint. */
export function fail(id: string, message: string, hint: string): CheckResult {
  return { id, ok: false, message, hint };
}

/**
 * Runs one check body; a non-fatal API error (403, 5xx) becomes a failing line naming the call,
 * while an unreachable cluster propagates so the CLI exits 2.
 */
export async function guarded(
  id: string,
  what: string,
  body: () => Promise<CheckResult[]>,
): Promise<CheckResult[]> {
  try {
    return await body();
  } catch (error) {
    if (!(error instanceof KubeError) || error.isFatal) throw error;
    const hint =
      error.code === 'forbidden'
        ? 'grant your user get/list on this resource (kubectl auth can-i --list) or run doctor with a cluster-admin context'
        : 'retry; if it persists, check the API server and the kind’s operator';
    return [fail(id, `cannot check ${what}: ${error.message}`, hint)];
  }
}

/** The CRD that serves `kind` in `group`, if any. */
export function findCrd(crds: readonly KubeObject[], group: string, kind: string): KubeObject | undefined {
  return crds.find((crd) => {
    const spec = crd.spec as { group?: string; names?: { kind?: string } } | undefined;
    return spec?.group === group && spec.names?.kind === kind;
  });
}

/** Versions a CRD serves. */
export function servedVersions(crd: KubeObject): string[] {
  const versions = ((crd.spec as { versions?: { name: string; served: boolean }[] })?.versions ?? []) as {
    name: string;
    served: boolean;
  }[];
  return versions.filter((v) => v.served).map((v) => v.name);
}

/** Splits `group/version` (or `v1`) into its parts. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}
