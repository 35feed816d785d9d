import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../doctor/kube/kube-object.js';
import type { CliRun } from '../../doctor/testing/cluster-fixture.js';
import { changed, healthyCluster, runAgainstCluster, without } from '../../doctor/testing/cluster-fixture.js';
import { runDoctorCommand } from './doctor.js';

const SERVER = /http:\/\/127\.0\.0\.1:\d+/g;

/** Output lines with the fake server's random port replaced by `<server>`. */
function lines(run: CliRun): string[] {
  return run.stdout.replace(SERVER, '<server>').trimEnd().split('\n');
}

const PKG = 'xpkg.crossplane.io/crossplane-contrib';
const HEALTHY = [
  'Cluster: context fake, <server> (Kubernetes v1.34.1)',
  '✔ Crossplane v2.1.3 is installed and serves apiextensions.crossplane.io/v2 XRDs',
  `✔ Function function-patch-and-transform is installed and Healthy (${PKG}/function-patch-and-transform:v0.10.8)`,
  `✔ Function function-cel-filter is installed and Healthy (${PKG}/function-cel-filter:v0.2.0)`,
  `✔ Function function-auto-ready is installed and Healthy (${PKG}/function-auto-ready:v0.5.1)`,
  `✔ Provider provider-sql is installed and Healthy (${PKG}/provider-sql:v0.16.0)`,
  '✔ provider-sql ClusterProviderConfig shared-postgres exists',
  '✔ CRD httproutes.gateway.networking.k8s.io serves HTTPRoute at v1',
  '✔ CRD scaledobjects.keda.sh serves ScaledObject at v1alpha1',
  '✔ CRD roles.postgresql.sql.m.crossplane.io serves Role at v1alpha1',
  '✔ CRD databases.postgresql.sql.m.crossplane.io serves Database at v1alpha1',
  '✔ CRD streams.jetstream.nats.io serves Stream at v1beta2',
  '✔ CRD consumers.jetstream.nats.io serves Consumer at v1beta2',
  '✔ CRD clusters.postgresql.cnpg.io serves Cluster at v1',
  '✔ CRD scheduledbackups.postgresql.cnpg.io serves ScheduledBackup at v1',
  '✔ CRD podmonitors.monitoring.coreos.com serves PodMonitor at v1',
  '✔ CRD servicemonitors.monitoring.coreos.com serves ServiceMonitor at v1',
  '✔ CRD prometheusrules.monitoring.coreos.com serves PrometheusRule at v1',
  '✔ Gateway gateway-system/public-gateway has listeners https, http',
  '✔ XRD webservices.platform.zerotouch.dev is Established (Namespaced XR, no claim to offer)',
  '✔ XRD eventdrivenservices.platform.zerotouch.dev is Established (Namespaced XR, no claim to offer)',
  '✔ Composition webservice composes WebService (platform.zerotouch.dev/v1alpha1)',
  '✔ Composition eventdrivenservice composes EventDrivenService (platform.zerotouch.dev/v1alpha1)',
  '✔ PostgreSQL cluster databases/shared-postgres is ready (2/2 instances)',
  '✔ ClusterRole zerotouch-crossplane-composed-kinds is aggregated to Crossplane and grants the composed kinds',
  'All 24 checks passed.',
];

/** The healthy output with the line starting with each key replaced by its lines and the summary updated. */
function expected(replacements: Record<string, string[]>): string[] {
  const out: string[] = [];
  let failed = 0;
  const unused = new Set(Object.keys(replacements));
  for (const line of HEALTHY.slice(0, -1)) {
    const key = Object.keys(replacements).find((k) => line.startsWith(k));
    if (!key) {
      out.push(line);
      continue;
    }
    unused.delete(key);
    const replacement = replacements[key]!;
    failed += replacement.filter((l) => l.startsWith('✘')).length;
    out.push(...replacement);
  }
  if (unused.size > 0) throw new Error(`no healthy line starts with ${[...unused].join(', ')}`);
  out.push(`${failed} of 24 checks failed.`);
  return out;
}

function conditions(object: KubeObject, list: Record<string, unknown>[]): void {
  (object.status as Record<string, unknown>).conditions = list;
}

interface FailureCase {
  readonly reason: string;
  readonly objects: () => KubeObject[];
  readonly want: Record<string, string[]>;
}

const CRD = 'CustomResourceDefinition';
const fix = (hint: string) => `    fix: ${hint}`;

const FAILURES: Record<string, FailureCase> = {
  'Crossplane not installed': {
    reason: 'without the XRD CRD nothing of ours can exist',
    objects: () => without(healthyCluster(), CRD, 'compositeresourcedefinitions.apiextensions.crossplane.io'),
    want: {
      '✔ Crossplane': [
        '✘ Crossplane is not installed: no CRD compositeresourcedefinitions.apiextensions.crossplane.io',
        fix(
          'install Crossplane 2.x: helm install crossplane crossplane-stable/crossplane -n crossplane-system --create-namespace',
        ),
      ],
      '✔ XRD webservices': [
        '✘ XRD for WebService (platform.zerotouch.dev) cannot exist: Crossplane is not installed',
        fix('install Crossplane 2.x first, then sync the platform APIs chart from charts-out/'),
      ],
      '✔ XRD eventdrivenservices': [
        '✘ XRD for EventDrivenService (platform.zerotouch.dev) cannot exist: Crossplane is not installed',
        fix('install Crossplane 2.x first, then sync the platform APIs chart from charts-out/'),
      ],
    },
  },
  'Crossplane too old for v2 XRDs': {
    reason: 'Crossplane 1.x serves XRDs at v1 only',
    objects: () =>
      changed(
        changed(healthyCluster(), CRD, 'compositeresourcedefinitions.apiextensions.crossplane.io', (crd) => {
          (crd.spec as { versions: unknown[] }).versions = [{ name: 'v1', served: true, storage: true }];
        }),
        'Deployment',
        'crossplane',
        (d) => {
          d.metadata!.labels!['app.kubernetes.io/version'] = '1.20.0';
        },
      ),
    want: {
      '✔ Crossplane': [
        '✘ Crossplane v1.20.0 does not serve apiextensions.crossplane.io/v2 XRDs (served: v1)',
        fix(
          'upgrade Crossplane to 2.0 or later: helm upgrade crossplane crossplane-stable/crossplane -n crossplane-system',
        ),
      ],
    },
  },
  'a function is missing': {
    reason: 'every Composition step needs its function',
    objects: () => without(healthyCluster(), 'Function', 'function-cel-filter'),
    want: {
      '✔ Function function-cel-filter': [
        '✘ Function function-cel-filter is not installed',
        fix(
          `sync the platform-once chart (it installs Function function-cel-filter, package ${PKG}/function-cel-filter:v0.2.0)`,
        ),
      ],
    },
  },
  'a function is unhealthy': {
    reason: 'an unhealthy function fails every XR pipeline that calls it',
    objects: () =>
      changed(healthyCluster(), 'Function', 'function-auto-ready', (fn) =>
        conditions(fn, [
          { type: 'Installed', status: 'True', reason: 'ActivePackageRevision' },
          {
            type: 'Healthy',
            status: 'False',
            reason: 'UnhealthyPackageRevision',
            message: 'post establish hook: cannot pull image',
          },
        ]),
      ),
    want: {
      '✔ Function function-auto-ready': [
        '✘ Function function-auto-ready is not Healthy: Healthy=False (UnhealthyPackageRevision: post establish hook: cannot pull image)',
        fix(
          "kubectl get functionrevisions.pkg.crossplane.io -l pkg.crossplane.io/package=function-auto-ready; then kubectl -n crossplane-system logs the package's pod",
        ),
      ],
    },
  },
  'a function runs another package version': {
    reason: 'cel-filter before v0.2.0 takes another input; charts-out pins the version',
    objects: () =>
      changed(healthyCluster(), 'Function', 'function-cel-filter', (fn) => {
        (fn.spec as { package: string }).package = `${PKG}/function-cel-filter:v0.1.1`;
      }),
    want: {
      '✔ Function function-cel-filter': [
        `✘ Function function-cel-filter runs ${PKG}/function-cel-filter:v0.1.1, but charts-out pins ${PKG}/function-cel-filter:v0.2.0`,
        fix(
          `sync the platform-once chart (it installs Function function-cel-filter, package ${PKG}/function-cel-filter:v0.2.0)`,
        ),
      ],
    },
  },
  'provider-sql not yet installed': {
    reason: 'the package is still being unpacked',
    objects: () =>
      changed(healthyCluster(), 'Provider', 'provider-sql', (p) =>
        conditions(p, [
          { type: 'Installed', status: 'False', reason: 'UnpackingPackage', message: 'unpacking package' },
        ]),
      ),
    want: {
      '✔ Provider provider-sql': [
        '✘ Provider provider-sql is not installed: Installed=False (UnpackingPackage: unpacking package)',
        fix(
          `kubectl describe providers.pkg.crossplane.io provider-sql (can the cluster pull ${PKG}/provider-sql:v0.16.0?)`,
        ),
      ],
    },
  },
  'ClusterProviderConfig missing': {
    reason: 'every composed Role and Database points at it',
    objects: () => without(healthyCluster(), 'ClusterProviderConfig', 'shared-postgres'),
    want: {
      '✔ provider-sql ClusterProviderConfig': [
        '✘ provider-sql ClusterProviderConfig shared-postgres does not exist',
        fix(
          'sync the platform-once chart (it creates ClusterProviderConfig shared-postgres for the shared PostgreSQL)',
        ),
      ],
    },
  },
  'composed kind CRD missing (KEDA not installed)': {
    reason: 'the silent failure: every EventDrivenService would stay not Ready',
    objects: () => without(healthyCluster(), CRD, 'scaledobjects.keda.sh'),
    want: {
      '✔ CRD scaledobjects.keda.sh': [
        '✘ No CRD serves ScaledObject (keda.sh/v1alpha1)',
        fix('install KEDA 2.x (helm install keda kedacore/keda -n keda --create-namespace)'),
      ],
    },
  },
  'CRD does not serve the version we emit': {
    reason: 'NACK before v0.22 serves Stream at v1beta1 only',
    objects: () =>
      changed(healthyCluster(), CRD, 'streams.jetstream.nats.io', (crd) => {
        (crd.spec as { versions: unknown[] }).versions = [{ name: 'v1beta1', served: true, storage: true }];
      }),
    want: {
      '✔ CRD streams.jetstream.nats.io': [
        '✘ CRD streams.jetstream.nats.io does not serve v1beta2 (served: v1beta1)',
        fix('upgrade: install NACK with its CRDs (helm install nack nats/nack), v0.22 or later for v1beta2'),
      ],
    },
  },
  'Gateway missing': {
    reason: 'HTTPRoutes attach to the configured Gateway',
    objects: () => without(healthyCluster(), 'Gateway', 'public-gateway'),
    want: {
      '✔ Gateway': [
        '✘ Gateway gateway-system/public-gateway does not exist',
        fix(
          'create it with listeners https and http, or point gateway.name/namespace in the platform config (ZT_CONFIG) at the right Gateway',
        ),
      ],
    },
  },
  'Gateway lacks a listener we attach to': {
    reason: 'the redirect route uses sectionName http',
    objects: () =>
      changed(healthyCluster(), 'Gateway', 'public-gateway', (g) => {
        (g.spec as { listeners: unknown[] }).listeners = [
          { name: 'https', protocol: 'HTTPS', port: 443 },
          { name: 'web', protocol: 'HTTP', port: 80 },
        ];
      }),
    want: {
      '✔ Gateway': [
        '✘ Gateway gateway-system/public-gateway lacks listener(s) http (has: https, web)',
        fix('add listeners named http, or set gateway.httpsListener/httpListener in the platform config'),
      ],
    },
  },
  'XRD not Established': {
    reason: 'Crossplane could not create the XR CRD',
    objects: () =>
      changed(
        healthyCluster(),
        'CompositeResourceDefinition',
        'eventdrivenservices.platform.zerotouch.dev',
        (x) =>
          conditions(x, [
            {
              type: 'Established',
              status: 'False',
              reason: 'ReconcileError',
              message: 'cannot apply rendered composite resource CustomResourceDefinition',
            },
          ]),
      ),
    want: {
      '✔ XRD eventdrivenservices': [
        '✘ XRD eventdrivenservices.platform.zerotouch.dev is not Established: Established=False (ReconcileError: cannot apply rendered composite resource CustomResourceDefinition)',
        fix(
          'kubectl describe compositeresourcedefinitions.apiextensions.crossplane.io eventdrivenservices.platform.zerotouch.dev',
        ),
      ],
    },
  },
  'XRD missing': {
    reason: 'the APIs chart was never synced',
    objects: () =>
      without(healthyCluster(), 'CompositeResourceDefinition', 'webservices.platform.zerotouch.dev'),
    want: {
      '✔ XRD webservices': [
        '✘ XRD for WebService (platform.zerotouch.dev) is not installed',
        fix('sync the platform APIs chart from charts-out/ (it carries the XRDs and Compositions)'),
      ],
    },
  },
  'Composition missing or for another version': {
    reason: 'an XR without a Composition never composes anything',
    objects: () =>
      changed(
        without(healthyCluster(), 'Composition', 'webservice'),
        'Composition',
        'eventdrivenservice',
        (c) => {
          (c.spec as { compositeTypeRef: { apiVersion: string } }).compositeTypeRef.apiVersion =
            'platform.zerotouch.dev/v1beta1';
        },
      ),
    want: {
      '✔ Composition webservice': [
        '✘ No Composition composes WebService (platform.zerotouch.dev/v1alpha1)',
        fix('sync the platform APIs chart from charts-out/ (it carries the XRDs and Compositions)'),
      ],
      '✔ Composition eventdrivenservice': [
        '✘ No Composition composes EventDrivenService (platform.zerotouch.dev/v1alpha1); found only eventdrivenservice (platform.zerotouch.dev/v1beta1)',
        fix('sync the platform APIs chart from charts-out/ (it carries the XRDs and Compositions)'),
      ],
    },
  },
  'shared PostgreSQL not ready': {
    reason: 'provider-sql cannot create databases on a cluster without a primary',
    objects: () =>
      changed(healthyCluster(), 'Cluster', 'shared-postgres', (c) => {
        c.status = {
          phase: 'Setting up primary',
          instances: 2,
          readyInstances: 0,
          conditions: [
            { type: 'Ready', status: 'False', reason: 'ClusterIsNotReady', message: 'Cluster Is Not Ready' },
          ],
        };
      }),
    want: {
      '✔ PostgreSQL cluster': [
        '✘ PostgreSQL cluster databases/shared-postgres is not ready: phase "Setting up primary", 0/2 instances ready, Ready=False (ClusterIsNotReady: Cluster Is Not Ready)',
        fix(
          'kubectl -n databases describe clusters.postgresql.cnpg.io shared-postgres (or kubectl cnpg status shared-postgres -n databases)',
        ),
      ],
    },
  },
  'aggregated ClusterRole missing': {
    reason: 'Crossplane is forbidden to create the composed kinds',
    objects: () => without(healthyCluster(), 'ClusterRole', 'zerotouch-crossplane-composed-kinds'),
    want: {
      '✔ ClusterRole': [
        '✘ ClusterRole zerotouch-crossplane-composed-kinds does not exist: Crossplane may not create the composed resources',
        fix('sync the platform-once chart (it carries the aggregated ClusterRole); do not edit it by hand'),
      ],
    },
  },
  'ClusterRole without the aggregation label': {
    reason: 'Crossplane aggregates only labelled roles',
    objects: () =>
      changed(healthyCluster(), 'ClusterRole', 'zerotouch-crossplane-composed-kinds', (r) => {
        r.metadata!.labels = {};
      }),
    want: {
      '✔ ClusterRole': [
        '✘ ClusterRole zerotouch-crossplane-composed-kinds lacks the label rbac.crossplane.io/aggregate-to-crossplane: "true", so Crossplane does not aggregate it',
        fix('sync the platform-once chart (it carries the aggregated ClusterRole); do not edit it by hand'),
      ],
    },
  },
  'ClusterRole missing a composed kind': {
    reason: 'a missing rule forbids Crossplane one kind',
    objects: () =>
      changed(healthyCluster(), 'ClusterRole', 'zerotouch-crossplane-composed-kinds', (r) => {
        (r.rules as unknown[]).splice(3, 1);
      }),
    want: {
      '✔ ClusterRole': [
        '✘ ClusterRole zerotouch-crossplane-composed-kinds does not grant get/list/watch/create/update/patch/delete on scaledobjects.keda.sh',
        fix('sync the platform-once chart (it carries the aggregated ClusterRole); do not edit it by hand'),
      ],
    },
  },
};

describe('zt doctor', () => {
  it('prints a ✔ line for every check and exits 0 on a healthy cluster', async () => {
    const run = await runAgainstCluster(healthyCluster(), (io) => runDoctorCommand({}, io));
    expect(run.stderr).toBe('');
    expect(lines(run)).toEqual(HEALTHY);
    expect(run.code).toBe(0);
    // Only reads, each through client-node's own paths.
    expect(run.requests.every((r) => r.startsWith('GET '))).toBe(true);
  });

  for (const [name, failure] of Object.entries(FAILURES)) {
    it(`reports ${name} with a fix hint and exits 1 (${failure.reason})`, async () => {
      const run = await runAgainstCluster(failure.objects(), (io) => runDoctorCommand({}, io));
      expect(run.stderr).toBe('');
      expect(lines(run)).toEqual(expected(failure.want));
      expect(run.code).toBe(1);
    });
  }
});
