import type { PlatformConfig } from '../../config.js';
import { xrApiVersion } from '../../config.js';
import type { KubeClient } from '../kube/kube-client.js';
import { KubeError } from '../kube/kube-errors.js';
import type { KubeObject, ObjectRef } from '../kube/kube-object.js';
import { arrayAt, conditionOf, describeCondition, stringAt } from '../kube/kube-object.js';
import { judgeComposed } from './composed-readiness.js';
import { latestWarnings } from './warning-events.js';
import type { WarningEvent } from './warning-events.js';

/** Where to look for XRs: one namespace, or all of them (`-A`). */
export type StatusScope = { readonly namespace: string } | { readonly allNamespaces: true };

/** A composed resource that is not ready, and why. */
export interface UnreadyResource {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  /** The Composition's name for it (`crossplane.io/composition-resource-name`), when known. */
  readonly resourceName?: string;
  readonly reason: string;
}

/** One WebService or EventDrivenService as `zt status` reports it. */
export interface XrStatus {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** Status of the `Synced` condition: True, False or Unknown. */
  readonly synced: string;
  /** Status of the `Ready` condition: True, False or Unknown. */
  readonly ready: string;
  readonly url?: string;
  /** The XR's own explanation when Synced or Ready is not True. */
  readonly problems: readonly string[];
  /** Composed resources that are not ready (only looked up for XRs that are not Ready). */
  readonly unready: readonly UnreadyResource[];
  /** Latest Warning events about the XR and its unready resources, newest first. */
  readonly events: readonly WarningEvent[];
}

/** What `zt status` found. */
export interface StatusReport {
  readonly context: string;
  readonly server: string;
  /** The namespace listed, or null for all namespaces. */
  readonly namespace: string | null;
  readonly items: readonly XrStatus[];
  /** XR kinds the cluster does not serve (their XRD is missing or not Established). */
  readonly unavailable: readonly { readonly kind: string; readonly reason: string }[];
}

/** The XR kinds `zt status` lists. */
export const XR_KINDS = ['WebService', 'EventDrivenService'] as const;

const COMPOSITION_RESOURCE_NAME = 'crossplane.io/composition-resource-name';

function conditionStatus(xr: KubeObject, type: string): string {
  return conditionOf(xr, type)?.status ?? 'Unknown';
}

/** Crossplane v2 keeps composed refs in `spec.crossplane.resourceRefs`; older shapes are read as a fallback. */
function resourceRefs(xr: KubeObject): ObjectRef[] {
  for (const path of [
    'spec.crossplane.resourceRefs',
    'status.crossplane.resourceRefs',
    'spec.resourceRefs',
  ]) {
    const refs = arrayAt(xr, path);
    if (refs.length > 0) {
      return refs
        .map((ref) => ({
          apiVersion: stringAt(ref, 'apiVersion') ?? '',
          kind: stringAt(ref, 'kind') ?? '',
          name: stringAt(ref, 'name') ?? '',
          namespace: stringAt(ref, 'namespace') ?? xr.metadata?.namespace,
        }))
        .filter((ref) => ref.apiVersion && ref.kind && ref.name);
    }
  }
  return [];
}

async function findUnready(client: KubeClient, ref: ObjectRef): Promise<UnreadyResource | undefined> {
  const base = { apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, namespace: ref.namespace };
  let object: KubeObject | undefined;
  try {
    object = await client.read(ref);
  } catch (error) {
    if (error instanceof KubeError && error.code === 'kind_not_served') {
      return {
        ...base,
        reason: `${ref.kind} (${ref.apiVersion}) is not served: its CRD is missing, run zt doctor`,
      };
    }
    if (error instanceof KubeError && !error.isFatal)
      return { ...base, reason: `cannot read it: ${error.message}` };
    throw error;
  }
  if (!object) return { ...base, reason: 'does not exist (yet)' };
  const readiness = judgeComposed(object);
  if (readiness.ready) return undefined;
  const resourceName = object.metadata?.annotations?.[COMPOSITION_RESOURCE_NAME];
  return { ...base, ...(resourceName ? { resourceName } : {}), reason: readiness.reason };
}

async function describeXr(client: KubeClient, xr: KubeObject, maxEvents: number): Promise<XrStatus> {
  const kind = xr.kind ?? '?';
  const namespace = xr.metadata?.namespace ?? '';
  const name = xr.metadata?.name ?? '?';
  const synced = conditionStatus(xr, 'Synced');
  const ready = conditionStatus(xr, 'Ready');
  const problems = (['Synced', 'Ready'] as const)
    .filter((type) => conditionStatus(xr, type) !== 'True')
    .map((type) => describeCondition(xr, type));
  const unready: UnreadyResource[] = [];
  let events: WarningEvent[] = [];
  if (ready !== 'True') {
    const judged = await Promise.all(resourceRefs(xr).map((ref) => findUnready(client, ref)));
    unready.push(...judged.filter((u): u is UnreadyResource => u !== undefined));
    const subjects = [
      { kind, name, namespace },
      ...unready.map((u) => ({ kind: u.kind, name: u.name, namespace: u.namespace ?? namespace })),
    ];
    try {
      events = await latestWarnings(client, subjects, maxEvents);
    } catch (error) {
      if (!(error instanceof KubeError) || error.isFatal) throw error;
      problems.push(`cannot read events: ${error.message}`);
    }
  }
  const url = stringAt(xr, 'status.url');
  return { kind, namespace, name, synced, ready, ...(url ? { url } : {}), problems, unready, events };
}

/**
 * Lists every WebService and EventDrivenService in the scope with Synced/Ready and URL; for each
 * one that is not Ready, reads its composed resources to name the ones that are not ready and the
 * latest Warning events about them. Fatal KubeErrors (unreachable, unauthorized) propagate.
 */
export async function collectStatus(
  client: KubeClient,
  config: PlatformConfig,
  scope: StatusScope,
  options: { maxEvents?: number } = {},
): Promise<StatusReport> {
  const apiVersion = xrApiVersion(config);
  const namespace = 'namespace' in scope ? scope.namespace : undefined;
  const items: XrStatus[] = [];
  const unavailable: { kind: string; reason: string }[] = [];
  for (const kind of XR_KINDS) {
    let xrs: KubeObject[];
    try {
      xrs = await client.listKind(apiVersion, kind, namespace);
    } catch (error) {
      if (!(error instanceof KubeError) || error.isFatal) throw error;
      unavailable.push({ kind, reason: error.message });
      continue;
    }
    for (const xr of xrs) items.push(await describeXr(client, xr, options.maxEvents ?? 5));
  }
  items.sort(
    (a, b) =>
      a.namespace.localeCompare(b.namespace) || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name),
  );
  return { context: client.context, server: client.server, namespace: namespace ?? null, items, unavailable };
}
