import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';

/** One context of a test kubeconfig (plain-HTTP servers get `insecure-skip-tls-verify`, which client-node requires). */
export interface TestContext {
  readonly name: string;
  readonly server: string;
  readonly namespace?: string;
  readonly token?: string;
}

/** A kubeconfig file in a fresh temp directory; `remove()` deletes the directory. */
export interface TestKubeconfig {
  readonly file: string;
  remove(): void;
}

/**
 * Writes a kubeconfig with one cluster, user and context per entry; the first is current.
 * Point the CLI at it with `KUBECONFIG=<file>`, as a user would.
 */
export function writeKubeconfig(contexts: readonly TestContext[]): TestKubeconfig {
  const dir = mkdtempSync(path.join(tmpdir(), 'zt-kubeconfig-'));
  const file = path.join(dir, 'config');
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': contexts[0]?.name,
    clusters: contexts.map((c) => ({
      name: c.name,
      cluster: { server: c.server, 'insecure-skip-tls-verify': c.server.startsWith('http:') },
    })),
    users: contexts.map((c) => ({ name: c.name, user: c.token ? { token: c.token } : {} })),
    contexts: contexts.map((c) => ({
      name: c.name,
      context: { cluster: c.name, user: c.name, ...(c.namespace ? { namespace: c.namespace } : {}) },
    })),
  };
  writeFileSync(file, stringify(config), { mode: 0o600 });
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
