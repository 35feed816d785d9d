/** Every kind the platform compositions compose, with what RBAC and the doctor need to know about it. */

/** One composed kind. */
export interface ComposedKind {
  /** `group/version`, or `v1` for the core group. */
  readonly apiVersion: string;
  readonly kind: string;
  /** Lowercase plural resource name (for RBAC rules). */
  readonly plural: string;
  /** XR kinds whose compositions compose it. */
  readonly composedBy: readonly ('WebService' | 'EventDrivenService')[];
  /** Crossplane's own ClusterRole does not cover it, so the platform aggregates a rule for it. */
  readonly needsRbac: boolean;
}

const BOTH = ['WebService', 'EventDrivenService'] as const;

const KINDS: readonly ComposedKind[] = [
  { apiVersion: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', composedBy: BOTH, needsRbac: true },
  { apiVersion: 'v1', kind: 'Service', plural: 'services', composedBy: BOTH, needsRbac: true },
  { apiVersion: 'v1', kind: 'ConfigMap', plural: 'configmaps', composedBy: ['WebService'], needsRbac: true },
  { apiVersion: 'apps/v1', kind: 'Deployment', plural: 'deployments', composedBy: BOTH, needsRbac: true },
  {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    plural: 'httproutes',
    composedBy: ['WebService'],
    needsRbac: true,
  },
  {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    plural: 'scaledobjects',
    composedBy: ['EventDrivenService'],
    needsRbac: true,
  },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    plural: 'networkpolicies',
    composedBy: ['EventDrivenService'],
    needsRbac: true,
  },
  {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    plural: 'horizontalpodautoscalers',
    composedBy: ['WebService'],
    needsRbac: true,
  },
  {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    plural: 'poddisruptionbudgets',
    composedBy: BOTH,
    needsRbac: true,
  },
  // provider-sql installs its own aggregated role for its managed resources.
  {
    apiVersion: 'postgresql.sql.m.crossplane.io/v1alpha1',
    kind: 'Role',
    plural: 'roles',
    composedBy: BOTH,
    needsRbac: false,
  },
  {
    apiVersion: 'postgresql.sql.m.crossplane.io/v1alpha1',
    kind: 'Database',
    plural: 'databases',
    composedBy: BOTH,
    needsRbac: false,
  },
];

/** The kinds the WebService and EventDrivenService compositions compose. */
export function composedKinds(): readonly ComposedKind[] {
  return KINDS;
}

/** The API group of an apiVersion (`''` for the core group). */
export function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
}
