import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../config.js';
import { claim, compose, compositionOf, example, templatesOf } from '../../testing/compositions.js';

type Json = Record<string, unknown>;
const NATS = { stream: 'AGENT_EXECUTION', consumer: 'deepagents-runtime-workers' };
const IMAGE = 'ghcr.io/acme/worker:1.0.0';

function pod(objects: Record<string, Json>) {
  return ((objects.deployment!.spec as Json).template as { spec: Json }).spec;
}

describe('the EventDrivenService composition', () => {
  it('composes ServiceAccount, Deployment, ScaledObject and a disruption budget only for the minimal claim', () => {
    const objects = compose(example('EventDrivenService', 'minimal'));
    expect(Object.keys(objects)).toEqual([
      'service-account',
      'deployment',
      'scaled-object',
      'pod-disruption-budget',
    ]);
    const text = JSON.stringify(objects);
    expect(text).not.toContain('DATABASE_URL');
    expect(text).not.toContain('livenessProbe');
    expect(text).not.toContain('"ports"');
  });

  it('never sets Deployment replicas: KEDA owns them', () => {
    const base = templatesOf(compositionOf('EventDrivenService')).find((t) => t.name === 'deployment')!
      .base as {
      spec: Json;
    };
    expect(base.spec).not.toHaveProperty('replicas');
    for (const name of ['minimal', 'full']) {
      expect(compose(example('EventDrivenService', name)).deployment!.spec).not.toHaveProperty('replicas');
    }
  });

  it('scales on the consumer lag with the configured monitoring endpoint, to zero by default', () => {
    const objects = compose(claim('EventDrivenService', { image: IMAGE, nats: NATS }, 'deepagents-runtime'));
    const spec = objects['scaled-object']!.spec as Json;
    expect(spec).toMatchObject({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'deepagents-runtime' },
      minReplicaCount: 1,
      maxReplicaCount: 10,
      idleReplicaCount: 0,
      pollingInterval: 15,
      cooldownPeriod: 300,
    });
    expect(spec.triggers).toEqual([
      {
        type: 'nats-jetstream',
        metadata: {
          natsServerMonitoringEndpoint: defaultConfig.nats.monitoringEndpoint,
          account: defaultConfig.nats.account,
          stream: 'AGENT_EXECUTION',
          consumer: 'deepagents-runtime-workers',
          lagThreshold: '10',
          activationLagThreshold: '0',
        },
      },
    ]);
    const env = (pod(objects).containers as Json[])[0]!.env as Json[];
    expect(env).toContainEqual({ name: 'NATS_URL', value: defaultConfig.nats.url });
    expect(env).toContainEqual({ name: 'NATS_CONSUMER', value: 'deepagents-runtime-workers' });
  });

  it('mounts the NATS credentials and TLS Secrets read-only and passes their files by path', () => {
    const nats = {
      ...NATS,
      url: 'tls://n-0:4222,tls://n-1:4222',
      credentialsSecretName: 'w-nats',
      tlsSecretName: 'w-tls',
    };
    const spec = pod(compose(claim('EventDrivenService', { image: IMAGE, nats })));
    const main = (spec.containers as Json[])[0]!;
    expect(spec.volumes).toEqual([
      { name: 'tmp', emptyDir: {} },
      { name: 'nats-credentials', secret: { secretName: 'w-nats', defaultMode: 0o440 } },
      { name: 'nats-tls', secret: { secretName: 'w-tls', defaultMode: 0o440 } },
    ]);
    expect(main.volumeMounts).toEqual(
      expect.arrayContaining([
        { name: 'nats-credentials', mountPath: '/etc/nats/creds', readOnly: true },
        { name: 'nats-tls', mountPath: '/etc/nats/tls', readOnly: true },
      ]),
    );
    expect(main.env).toEqual(
      expect.arrayContaining([
        { name: 'NATS_URL', value: 'tls://n-0:4222,tls://n-1:4222' },
        { name: 'NATS_CREDS_FILE', value: '/etc/nats/creds/nats.creds' },
        { name: 'NATS_TLS_CA_FILE', value: '/etc/nats/tls/ca.crt' },
        { name: 'NATS_TLS_CERT_FILE', value: '/etc/nats/tls/tls.crt' },
        { name: 'NATS_TLS_KEY_FILE', value: '/etc/nats/tls/tls.key' },
        { name: 'NATS_TLS_CERT_OPTIONAL', value: 'true' },
      ]),
    );
    const without = JSON.stringify(pod(compose(claim('EventDrivenService', { image: IMAGE, nats: NATS }))));
    expect(without).not.toMatch(/nats-credentials|nats-tls|NATS_CREDS_FILE|NATS_TLS/);
  });

  it('keeps a minimum without scale-to-zero', () => {
    const objects = compose(
      claim('EventDrivenService', { image: IMAGE, nats: NATS, scaling: { scaleToZero: false } }),
    );
    expect(objects['scaled-object']!.spec).not.toHaveProperty('idleReplicaCount');
  });

  it('is Ready when Available, which holds at zero replicas too', () => {
    const deployment = templatesOf(compositionOf('EventDrivenService')).find((t) => t.name === 'deployment')!;
    expect(deployment.readinessChecks).toEqual([
      { type: 'MatchCondition', matchCondition: { type: 'Available', status: 'True' } },
    ]);
  });

  it('adds the HTTP Service, port and probes only with an httpPort', () => {
    const objects = compose(
      claim('EventDrivenService', {
        image: IMAGE,
        nats: NATS,
        httpPort: 8000,
        healthPath: '/health',
        readyPath: '/ready',
      }),
    );
    expect(objects.service!.spec).toMatchObject({
      ports: [{ name: 'http', port: 8000, targetPort: 'http' }],
    });
    const c = (pod(objects).containers as Json[])[0]!;
    expect(c.ports).toEqual([{ name: 'http', containerPort: 8000, protocol: 'TCP' }]);
    expect(c.readinessProbe).toMatchObject({ httpGet: { path: '/ready', port: 'http', scheme: 'HTTP' } });
  });

  it('admits only the allowed callers through a NetworkPolicy', () => {
    const objects = compose(
      claim(
        'EventDrivenService',
        {
          image: IMAGE,
          nats: NATS,
          allowedCallers: [{ name: 'ide-orchestrator' }, { name: 'admin', namespace: 'ops' }],
        },
        'deepagents-runtime',
      ),
    );
    expect(objects['network-policy']!.spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'deepagents-runtime' } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [
            { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ide-orchestrator' } } },
            {
              podSelector: { matchLabels: { 'app.kubernetes.io/name': 'admin' } },
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ops' } },
            },
          ],
        },
      ],
    });
    expect(compose(claim('EventDrivenService', { image: IMAGE, nats: NATS }))).not.toHaveProperty(
      'network-policy',
    );
  });

  it('admits a metrics scraper to the HTTP port only, and no scraper rule without one', () => {
    const spec = { image: IMAGE, nats: NATS, httpPort: 8000, allowedCallers: [{ name: 'ide-orchestrator' }] };
    const scraped = compose(
      claim(
        'EventDrivenService',
        { ...spec, metricsScraper: { namespace: 'monitoring', name: 'prometheus' } },
        'deepagents-runtime',
      ),
    );
    expect((scraped['network-policy']!.spec as Json).ingress).toEqual([
      { from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ide-orchestrator' } } }] },
      {
        from: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
            podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
          },
        ],
        ports: [{ port: 8000 }],
      },
    ]);
    const anyPod = compose(claim('EventDrivenService', { ...spec, metricsScraper: { namespace: 'obs' } }));
    expect((anyPod['network-policy']!.spec as { ingress: Json[] }).ingress[1]).toEqual({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'obs' } } }],
      ports: [{ port: 8000 }],
    });
    const none = compose(claim('EventDrivenService', spec));
    expect((none['network-policy']!.spec as Json).ingress).toHaveLength(1);
  });

  it('composes the database and DATABASE_URL only with a database', () => {
    const objects = compose(
      claim('EventDrivenService', { image: IMAGE, nats: NATS, database: { name: 'deepagents_runtime' } }),
    );
    expect(Object.keys(objects)).toEqual(expect.arrayContaining(['db-role', 'db-database']));
    expect(JSON.stringify(objects.deployment)).toContain('/deepagents_runtime?sslmode=require');
  });
});
