import { describe, expect, it } from 'vitest';
import { claim, compose, example } from '../../testing/compositions.js';

type Json = Record<string, unknown>;
const IMAGE = 'ghcr.io/acme/shop:1.0.0';

function container(objects: Record<string, Json>, init = false) {
  const pod = (objects.deployment!.spec as Json).template as { spec: Json };
  return ((init ? pod.spec.initContainers : pod.spec.containers) as Json[] | undefined)?.[0];
}

function envNames(c: Json | undefined) {
  return ((c?.env as { name: string }[]) ?? []).map((e) => e.name);
}

describe('the WebService composition', () => {
  it('composes only ServiceAccount, Deployment, Service and (two replicas) a disruption budget for the minimal claim', () => {
    const objects = compose(example('WebService', 'minimal'));
    expect(Object.keys(objects)).toEqual([
      'service-account',
      'deployment',
      'service',
      'pod-disruption-budget',
    ]);
    const text = JSON.stringify(objects);
    expect(text).not.toContain('HTTPRoute');
    expect(text).not.toContain('HorizontalPodAutoscaler');
    expect(text).not.toContain('DATABASE_URL');
    expect(text).not.toContain('postgresql.sql');
    expect(text).not.toContain('envFrom');
    expect(text).not.toContain('initContainers');
  });

  it('names everything after the XR and defaults size, replicas, port and probes', () => {
    const objects = compose(claim('WebService', { image: IMAGE }, 'shop'));
    const deployment = objects.deployment!;
    expect((deployment.metadata as Json).name).toBe('shop');
    expect((deployment.metadata as Json).namespace).toBe('team-a');
    expect((deployment.spec as Json).replicas).toBe(2);
    const c = container(objects)!;
    expect(c.image).toBe(IMAGE);
    expect(c.resources).toEqual({
      requests: { cpu: '500m', memory: '1Gi' },
      limits: { cpu: '2000m', memory: '4Gi' },
    });
    expect(c.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
    expect((c.livenessProbe as { httpGet: Json }).httpGet.path).toBe('/health');
    expect((c.readinessProbe as { httpGet: Json }).httpGet.path).toBe('/ready');
    expect(c.env).toContainEqual({ name: 'OTEL_SERVICE_NAME', value: 'shop' });
    expect(c.env).toContainEqual({
      name: 'OTEL_RESOURCE_ATTRIBUTES',
      value: 'service.namespace=team-a,deployment.environment=production',
    });
    expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, runAsNonRoot: true });
    const pod = ((deployment.spec as Json).template as { spec: Json }).spec;
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.serviceAccountName).toBe('shop');
    expect(objects.service!.spec).toMatchObject({
      selector: { 'app.kubernetes.io/name': 'shop' },
      ports: [{ port: 8080 }],
    });
  });

  it('turns only the secret slots that are set into envFrom entries', () => {
    const objects = compose(claim('WebService', { image: IMAGE, secret2Name: 'b', secret5Name: 'e' }));
    expect(container(objects)!.envFrom).toEqual([{ secretRef: { name: 'b' } }, { secretRef: { name: 'e' } }]);
  });

  it('routes the user hostname over HTTPS and redirects HTTP, never rewriting the hostname', () => {
    const objects = compose(
      claim('WebService', { image: IMAGE, hostname: 'shop.example.com', pathPrefix: '/api' }, 'shop'),
    );
    const route = objects['http-route']!.spec as Json;
    expect(route.hostnames).toEqual(['shop.example.com']);
    expect(route.parentRefs).toEqual([
      {
        group: 'gateway.networking.k8s.io',
        kind: 'Gateway',
        name: 'public-gateway',
        namespace: 'gateway-system',
        sectionName: 'https',
      },
    ]);
    expect(route.rules).toEqual([
      {
        matches: [{ path: { type: 'PathPrefix', value: '/api' } }],
        backendRefs: [{ group: '', kind: 'Service', name: 'shop', port: 8080, weight: 1 }],
      },
    ]);
    const redirect = objects['http-redirect-route']!;
    expect((redirect.metadata as Json).name).toBe('shop-redirect');
    expect((redirect.spec as { parentRefs: Json[] }).parentRefs[0]!.sectionName).toBe('http');
    expect(JSON.stringify(redirect.spec)).toContain('"requestRedirect":{"scheme":"https","statusCode":301}');
  });

  it('composes a Role and a Database named by external-name and wires DATABASE_URL from the role secret', () => {
    const objects = compose(
      claim('WebService', { image: IMAGE, database: { name: 'ide_orchestrator' } }, 'ide'),
    );
    for (const name of ['db-role', 'db-database']) {
      const metadata = objects[name]!.metadata as Json;
      expect(metadata.annotations).toMatchObject({ 'crossplane.io/external-name': 'ide_orchestrator' });
      expect(metadata.namespace).toBe('team-a');
      expect((objects[name]!.spec as Json).providerConfigRef).toEqual({
        kind: 'ClusterProviderConfig',
        name: 'shared-postgres',
      });
    }
    expect((objects['db-database']!.spec as { forProvider: Json }).forProvider.owner).toBe(
      'ide_orchestrator',
    );
    const env = container(objects)!.env as Json[];
    expect(env).toContainEqual({
      name: 'DB_PASSWORD',
      valueFrom: { secretKeyRef: { name: 'ide-db-credentials', key: 'password' } },
    });
    expect(env).toContainEqual({
      name: 'DATABASE_URL',
      value:
        'postgres://$(DB_USER):$(DB_PASSWORD)@shared-postgres-rw.databases.svc.cluster.local:5432/ide_orchestrator?sslmode=require',
    });
    const names = envNames(container(objects));
    expect(names.indexOf('DATABASE_URL')).toBeGreaterThan(names.indexOf('DB_PASSWORD'));
  });

  it('gives the init container the same image, env and secrets as the main container', () => {
    const objects = compose(example('WebService', 'full'));
    const main = container(objects)!;
    const init = container(objects, true)!;
    expect(init.image).toBe(main.image);
    expect(init.command).toEqual(['node', 'dist/migrate.js']);
    expect(init.args).toEqual(['--verbose']);
    expect(init.env).toEqual(main.env);
    expect(init.envFrom).toEqual(main.envFrom);
    expect(init.resources).toEqual(main.resources);
  });

  it('composes the backend config only with a backend, in the claim namespace unless one is given', () => {
    const same = compose(
      claim('WebService', { image: IMAGE, backendService: { name: 'pricing', port: 9000 } }, 'shop'),
    );
    expect(same['backend-config']!.data).toEqual({
      BACKEND_SERVICE_URL: 'http://pricing.team-a.svc.cluster.local:9000',
    });
    expect(container(same)!.envFrom).toEqual([{ configMapRef: { name: 'shop-backend' } }]);
    const other = compose(
      claim('WebService', {
        image: IMAGE,
        backendService: { name: 'pricing', namespace: 'team-b', port: 9000 },
      }),
    );
    expect(other['backend-config']!.data).toEqual({
      BACKEND_SERVICE_URL: 'http://pricing.team-b.svc.cluster.local:9000',
    });
  });

  it('keeps user env values verbatim, after the composed variables', () => {
    const value = 'a "quoted" value with $ and %d';
    const objects = compose(
      claim('WebService', {
        image: IMAGE,
        env: [{ name: 'X', value }],
        initContainer: { command: ['true'] },
      }),
    );
    expect(container(objects)!.env).toContainEqual({ name: 'X', value });
    expect(container(objects, true)!.env).toContainEqual({ name: 'X', value });
    expect(envNames(container(objects)).at(-1)).toBe('X');
  });
});
