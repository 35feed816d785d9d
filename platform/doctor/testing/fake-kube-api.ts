import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fieldAt } from '../kube/kube-object.js';
import type { KubeObject } from '../kube/kube-object.js';

/** One served resource type, as API discovery lists it. */
interface ServedResource {
  readonly groupVersion: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
}

/** Built-in kinds the fake serves without a CRD (the ones doctor, status and compositions touch). */
const BUILTIN: readonly ServedResource[] = [
  { groupVersion: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false },
  { groupVersion: 'v1', kind: 'Event', plural: 'events', namespaced: true },
  { groupVersion: 'v1', kind: 'Service', plural: 'services', namespaced: true },
  { groupVersion: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', namespaced: true },
  { groupVersion: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true },
  { groupVersion: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true },
  { groupVersion: 'apps/v1', kind: 'Deployment', plural: 'deployments', namespaced: true },
  {
    groupVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    plural: 'networkpolicies',
    namespaced: true,
  },
  {
    groupVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    plural: 'clusterroles',
    namespaced: false,
  },
  {
    groupVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    plural: 'customresourcedefinitions',
    namespaced: false,
  },
];

/** Options of the fake API server. */
export interface FakeKubeApiOptions {
  /** `gitVersion` answered on `/version`. @default 'v1.34.1' */
  readonly gitVersion?: string;
  /** When set, every request must carry `Authorization: Bearer <token>` or gets 401. */
  readonly token?: string;
  /** Paths (prefixes) answered 403 Forbidden, to play a user without RBAC on them. */
  readonly forbidden?: readonly string[];
}

/** A running fake API server. */
export interface FakeKubeApi {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Every request served, as `GET /path?query`, in order. */
  readonly requests: string[];
  /** Stops the server and closes its sockets. */
  close(): Promise<void>;
}

function servedResources(objects: readonly KubeObject[]): ServedResource[] {
  const served = [...BUILTIN];
  for (const crd of objects.filter((o) => o.kind === 'CustomResourceDefinition')) {
    const group = fieldAt(crd, 'spec.group') as string;
    const names = fieldAt(crd, 'spec.names') as { kind: string; plural: string };
    const versions = (fieldAt(crd, 'spec.versions') ?? []) as { name: string; served: boolean }[];
    for (const version of versions.filter((v) => v.served)) {
      served.push({
        groupVersion: `${group}/${version.name}`,
        kind: names.kind,
        plural: names.plural,
        namespaced: fieldAt(crd, 'spec.scope') === 'Namespaced',
      });
    }
  }
  return served;
}

/** Matches `a=b,c!=d` selectors against a field reader; only equality, which is all the CLI sends. */
function matchesSelector(selector: string | null, read: (key: string) => string | undefined): boolean {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const negated = term.includes('!=');
    const [key, value] = negated ? term.split('!=') : term.split('=');
    const actual = read(key!.trim());
    if (value === undefined) return actual !== undefined;
    return negated ? actual !== value : actual === value;
  });
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function statusBody(code: number, reason: string, message: string): unknown {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

/** Splits `/api/v1/...` and `/apis/g/v/...` into the group/version and the rest of the path. */
function splitPath(pathname: string): { groupVersion: string; rest: string[] } | undefined {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'api' && parts[1]) return { groupVersion: parts[1], rest: parts.slice(2) };
  if (parts[0] === 'apis' && parts[1] && parts[2])
    return { groupVersion: `${parts[1]}/${parts[2]}`, rest: parts.slice(3) };
  return undefined;
}

/**
 * Starts an in-process Kubernetes API server on 127.0.0.1 (port 0) that answers, from `objects`, the
 * calls `@kubernetes/client-node` 1.4 makes: `/version`, discovery of one group/version, and get/list
 * of any served kind, cluster-wide or per namespace, with label and field selectors. CRDs among the
 * objects make their kinds served at their served versions, as on a real cluster.
 */
export async function startFakeKubeApi(
  objects: readonly KubeObject[],
  options: FakeKubeApiOptions = {},
): Promise<FakeKubeApi> {
  const requests: string[] = [];
  const served = servedResources(objects);

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    if (options.token !== undefined && req.headers.authorization !== `Bearer ${options.token}`) {
      send(res, 401, statusBody(401, 'Unauthorized', 'Unauthorized'));
      return;
    }
    if (options.forbidden?.some((prefix) => url.pathname.startsWith(prefix))) {
      send(
        res,
        403,
        statusBody(403, 'Forbidden', `${url.pathname} is forbidden: User "dev" cannot get resource`),
      );
      return;
    }
    if (req.method !== 'GET') {
      send(res, 405, statusBody(405, 'MethodNotAllowed', 'the fake API server is read-only'));
      return;
    }
    if (url.pathname === '/version') {
      send(res, 200, {
        major: '1',
        minor: '34',
        gitVersion: options.gitVersion ?? 'v1.34.1',
        platform: 'linux/amd64',
      });
      return;
    }
    const split = splitPath(url.pathname);
    const inGroup = split ? served.filter((r) => r.groupVersion === split.groupVersion) : [];
    if (!split || inGroup.length === 0) {
      send(res, 404, statusBody(404, 'NotFound', 'the server could not find the requested resource'));
      return;
    }
    const { groupVersion, rest } = split;
    if (rest.length === 0) {
      const resources = inGroup.map((r) => ({
        name: r.plural,
        singularName: '',
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: ['get', 'list'],
      }));
      send(res, 200, { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources });
      return;
    }
    const namespace = rest[0] === 'namespaces' && rest.length >= 3 ? rest[1] : undefined;
    const [plural, name] = namespace === undefined ? rest : rest.slice(2);
    const resource = inGroup.find((r) => r.plural === plural);
    if (!resource || (namespace !== undefined && !resource.namespaced)) {
      send(res, 404, statusBody(404, 'NotFound', 'the server could not find the requested resource'));
      return;
    }
    // Like a CRD with `conversion: None`: an object stored at any version of the group is served at all of them.
    const group = groupOf(groupVersion);
    const matching = objects
      .filter(
        (o) =>
          groupOf(o.apiVersion ?? '') === group &&
          o.kind === resource.kind &&
          (namespace === undefined || o.metadata?.namespace === namespace),
      )
      .map((o) => ({ ...o, apiVersion: groupVersion }));
    if (name !== undefined) {
      const found = matching.find((o) => o.metadata?.name === name);
      if (found) send(res, 200, found);
      else send(res, 404, statusBody(404, 'NotFound', `${plural} "${name}" not found`));
      return;
    }
    const labelSelector = url.searchParams.get('labelSelector');
    const fieldSelector = url.searchParams.get('fieldSelector');
    const listed = matching.filter(
      (o) =>
        matchesSelector(labelSelector, (key) => o.metadata?.labels?.[key]) &&
        matchesSelector(fieldSelector, (key) => {
          const value = fieldAt(o, key);
          return value === undefined ? undefined : String(value);
        }),
    );
    send(res, 200, {
      apiVersion: groupVersion,
      kind: `${resource.kind}List`,
      metadata: { resourceVersion: '1' },
      items: listed,
    });
  }

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
