import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import {
  ApiextensionsV1Api,
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  createConfiguration,
  KubeConfig,
  KubernetesObjectApi,
  ServerConfiguration,
  VersionApi,
} from '@kubernetes/client-node';
import type { Configuration } from '@kubernetes/client-node';
import { KubeError, toKubeError } from './kube-errors.js';
import type { KubeObject, ObjectRef } from './kube-object.js';

/** Where the client connects and how long one request may take. */
export interface ConnectOptions {
  /** kubeconfig context to use instead of the current one (`--context`). */
  readonly context?: string;
  /** Per-request timeout in milliseconds. @default 10000 */
  readonly timeoutMs?: number;
  /** Environment to read `KUBECONFIG` and `HOME` from. @default process.env */
  readonly env?: Record<string, string | undefined>;
}

/** The few read calls doctor and status make, each failing with a KubeError. */
export interface KubeClient {
  /** API server URL of the selected context. */
  readonly server: string;
  /** Name of the selected kubeconfig context (`in-cluster` inside a pod). */
  readonly context: string;
  /** Namespace of the selected context, `default` when it names none. */
  readonly defaultNamespace: string;
  /** `GET /version`: the server's `gitVersion`. Fails with `unreachable` first when the cluster is down. */
  serverVersion(): Promise<string>;
  /** Every CustomResourceDefinition in the cluster. */
  listCrds(): Promise<KubeObject[]>;
  /** One custom object by group/version/plural, or undefined when it does not exist. */
  getCustom(
    group: string,
    version: string,
    plural: string,
    name: string,
    namespace?: string,
  ): Promise<KubeObject | undefined>;
  /** Custom objects of one plural, cluster-wide or in one namespace. */
  listCustom(group: string, version: string, plural: string, namespace?: string): Promise<KubeObject[]>;
  /** Objects of any kind found through API discovery; `kind_not_served` when the cluster lacks the kind. */
  listKind(apiVersion: string, kind: string, namespace?: string): Promise<KubeObject[]>;
  /** One object of any kind found through discovery, undefined when absent. */
  read(ref: ObjectRef): Promise<KubeObject | undefined>;
  /** Deployments in all namespaces matching a label selector. */
  listDeployments(labelSelector: string): Promise<KubeObject[]>;
  /** Events in one namespace matching a field selector (`involvedObject.name=x,type=Warning`). */
  listEvents(namespace: string, fieldSelector: string): Promise<KubeObject[]>;
}

const SERVICEACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/**
 * Loads the kubeconfig like kubectl does: `KUBECONFIG` (first file wins, others merged), else
 * `~/.kube/config`, else the in-cluster service account. Unlike `loadFromDefault` it never falls
 * back to `http://localhost:8080`: no configuration at all is an error naming what was tried.
 */
export function loadKubeConfig(options: ConnectOptions = {}): KubeConfig {
  const env = options.env ?? process.env;
  const kc = new KubeConfig();
  const fromEnv = env.KUBECONFIG?.split(path.delimiter).filter(Boolean) ?? [];
  const homeConfig = path.join(env.HOME ?? homedir(), '.kube', 'config');
  try {
    if (fromEnv.length > 0) {
      const missing = fromEnv.filter((file) => !existsSync(file));
      if (missing.length === fromEnv.length) {
        throw new KubeError('config', `KUBECONFIG names no readable file (${fromEnv.join(', ')})`);
      }
      kc.loadFromFile(fromEnv.find((file) => existsSync(file))!);
      for (const file of fromEnv.filter((f) => existsSync(f)).slice(1)) {
        const extra = new KubeConfig();
        extra.loadFromFile(file);
        kc.mergeConfig(extra);
      }
    } else if (existsSync(homeConfig)) {
      kc.loadFromFile(homeConfig);
    } else if (existsSync(SERVICEACCOUNT_TOKEN) && env.KUBERNETES_SERVICE_HOST) {
      kc.loadFromCluster();
    } else {
      throw new KubeError(
        'config',
        `no kubeconfig: KUBECONFIG is unset, ${homeConfig} does not exist and this is not a pod with a service account`,
      );
    }
  } catch (error) {
    if (error instanceof KubeError) throw error;
    throw new KubeError('config', `cannot load kubeconfig: ${(error as Error).message}`, { cause: error });
  }
  if (options.context !== undefined) {
    if (!kc.getContextObject(options.context)) {
      const known = kc.getContexts().map((c) => c.name);
      throw new KubeError(
        'config',
        `context '${options.context}' is not in the kubeconfig (contexts: ${known.join(', ') || 'none'})`,
      );
    }
    kc.setCurrentContext(options.context);
  }
  if (!kc.getCurrentCluster()) {
    throw new KubeError('config', `kubeconfig context '${kc.getCurrentContext()}' names no cluster`);
  }
  return kc;
}

/** KubernetesObjectApi with its discovery lookup made callable, so a missing kind is told apart from a missing object. */
class DiscoveringObjectApi extends KubernetesObjectApi {
  async isServed(apiVersion: string, kind: string): Promise<boolean> {
    try {
      return (await this.resource(apiVersion, kind)) !== undefined;
    } catch (error) {
      // A group/version the server does not serve at all answers 404 on discovery.
      if ((error as { code?: unknown }).code === 404) return false;
      throw error;
    }
  }
}

function apiConfiguration(kc: KubeConfig, server: string, timeoutMs: number): Configuration {
  return createConfiguration({
    baseServer: new ServerConfiguration(server, {}),
    authMethods: { default: kc },
    // client-node sets no timeout: a blackholed API server would hang the CLI forever.
    promiseMiddleware: [
      {
        pre: async (context) => {
          context.setSignal(AbortSignal.timeout(timeoutMs));
          return context;
        },
        post: async (response) => response,
      },
    ],
  });
}

function items(list: { items?: unknown[] }): KubeObject[] {
  return (list.items ?? []) as KubeObject[];
}

/** Builds a KubeClient from the kubeconfig; throws KubeError `config` when there is none or the context is unknown. */
export function connectKube(options: ConnectOptions = {}): KubeClient {
  const kc = loadKubeConfig(options);
  const server = kc.getCurrentCluster()!.server;
  const configuration = apiConfiguration(kc, server, options.timeoutMs ?? 10_000);
  const version = new VersionApi(configuration);
  const extensions = new ApiextensionsV1Api(configuration);
  const custom = new CustomObjectsApi(configuration);
  const core = new CoreV1Api(configuration);
  const apps = new AppsV1Api(configuration);
  const objects = new DiscoveringObjectApi(configuration);

  async function call<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toKubeError(error, what, server);
    }
  }
  async function orUndefined<T>(what: string, run: () => Promise<T>): Promise<T | undefined> {
    try {
      return await call(what, run);
    } catch (error) {
      if (error instanceof KubeError && error.code === 'not_found') return undefined;
      throw error;
    }
  }
  async function requireServed(apiVersion: string, kind: string): Promise<void> {
    const served = await call(`discover ${apiVersion}`, () => objects.isServed(apiVersion, kind));
    if (!served)
      throw new KubeError('kind_not_served', `${kind} (${apiVersion}) is not served by the cluster`);
  }

  return {
    server,
    context: kc.getCurrentContext(),
    defaultNamespace: kc.getContextObject(kc.getCurrentContext())?.namespace ?? 'default',
    async serverVersion() {
      const info = await call('GET /version', () => version.getCode());
      return info.gitVersion;
    },
    async listCrds() {
      const list = await call('list CustomResourceDefinitions', () =>
        extensions.listCustomResourceDefinition(),
      );
      return items(list);
    },
    getCustom(group, version, plural, name, namespace) {
      const what = `get ${plural}.${group}/${version} ${namespace ? `${namespace}/` : ''}${name}`;
      return orUndefined(what, async () => {
        const found =
          namespace === undefined
            ? await custom.getClusterCustomObject({ group, version, plural, name })
            : await custom.getNamespacedCustomObject({ group, version, plural, namespace, name });
        return found as KubeObject;
      });
    },
    async listCustom(group, version, plural, namespace) {
      const what = `list ${plural}.${group}/${version}`;
      const list = await call(what, () =>
        namespace === undefined
          ? custom.listClusterCustomObject({ group, version, plural })
          : custom.listNamespacedCustomObject({ group, version, plural, namespace }),
      );
      return items(list as { items?: unknown[] });
    },
    async listKind(apiVersion, kind, namespace) {
      await requireServed(apiVersion, kind);
      const list = await call(`list ${kind} (${apiVersion})`, () =>
        objects.list(apiVersion, kind, namespace),
      );
      return items(list);
    },
    async read(ref) {
      await requireServed(ref.apiVersion, ref.kind);
      const metadata =
        ref.namespace === undefined ? { name: ref.name } : { name: ref.name, namespace: ref.namespace };
      return orUndefined(`get ${ref.kind} ${ref.name}`, async () => {
        const found = await objects.read({ apiVersion: ref.apiVersion, kind: ref.kind, metadata });
        return found as unknown as KubeObject;
      });
    },
    async listDeployments(labelSelector) {
      const list = await call('list Deployments', () =>
        apps.listDeploymentForAllNamespaces({ labelSelector }),
      );
      return items(list);
    },
    async listEvents(namespace, fieldSelector) {
      const list = await call(`list Events in ${namespace}`, () =>
        core.listNamespacedEvent({ namespace, fieldSelector }),
      );
      return items(list);
    },
  };
}
