import type { CheckContext, CheckResult, DoctorExpectations } from './check.js';
import { checkClusterRole } from './cluster-role.js';
import { checkCompositions } from './compositions.js';
import { checkComposedKindCrds } from './crds.js';
import { checkCrossplane } from './crossplane.js';
import { checkGateway } from './gateway.js';
import { checkFunctions, checkProviderSql } from './packages.js';
import { checkSharedDatabase } from './shared-database.js';
import { checkXrds } from './xrds.js';
import type { KubeClient } from '../kube/kube-client.js';
import { KubeError } from '../kube/kube-errors.js';

/** Everything `zt doctor` found, in check order. */
export interface DoctorReport {
  readonly context: string;
  readonly server: string;
  /** `gitVersion` of the API server. */
  readonly kubernetesVersion: string;
  readonly checks: readonly CheckResult[];
  /** True when every check passed. */
  readonly ok: boolean;
}

/** The checks in the order they print: foundations first, so the first ✘ is usually the cause. */
const CHECKS: readonly ((ctx: CheckContext) => Promise<CheckResult[]>)[] = [
  checkCrossplane,
  checkFunctions,
  checkProviderSql,
  checkComposedKindCrds,
  checkGateway,
  checkXrds,
  checkCompositions,
  checkSharedDatabase,
  checkClusterRole,
];

/**
 * Asks the cluster's `/version` first: any failure there means the cluster cannot be used and
 * becomes a fatal KubeError (exit 2), whatever the HTTP status.
 */
async function probe(client: KubeClient): Promise<string> {
  try {
    return await client.serverVersion();
  } catch (error) {
    if (error instanceof KubeError && error.isFatal) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new KubeError(
      'unreachable',
      `${client.server} does not answer as a Kubernetes API server (${reason})`,
      {
        cause: error,
      },
    );
  }
}

/**
 * Runs every doctor check against the cluster. Throws KubeError (fatal) when the cluster cannot be
 * reached, the credentials are rejected, or the CRDs cannot be listed; check failures are results.
 */
export async function runDoctor(client: KubeClient, expect: DoctorExpectations): Promise<DoctorReport> {
  const kubernetesVersion = await probe(client);
  let crds: CheckContext['crds'];
  try {
    crds = await client.listCrds();
  } catch (error) {
    if (error instanceof KubeError && !error.isFatal) {
      throw new KubeError(error.code, `doctor needs to list CRDs: ${error.message}`, {
        cause: error,
        fatal: true,
      });
    }
    throw error;
  }
  const ctx: CheckContext = { client, expect, crds };
  const checks: CheckResult[] = [];
  for (const check of CHECKS) checks.push(...(await check(ctx)));
  return {
    context: client.context,
    server: client.server,
    kubernetesVersion,
    checks,
    ok: checks.every((c) => c.ok),
  };
}
