import { randomUUID } from 'node:crypto';
import { createAccount, createOperator, createUser, type KeyPair } from '@nats-io/nkeys';

/** What a user may publish and subscribe to (a JWT's `pub` / `sub` allow lists). */
export interface UserPermissions {
  readonly publish: readonly string[];
  readonly subscribe: readonly string[];
}

const decoder = new TextDecoder();

function base64url(data: string | Uint8Array): string {
  return Buffer.from(data).toString('base64url');
}

/** A NATS JWT (v2 claims, `ed25519-nkey`): base64url header and claims, signed by `issuer`. */
function signJwt(issuer: KeyPair, subject: string, name: string, nats: Record<string, unknown>): string {
  const header = base64url(JSON.stringify({ typ: 'JWT', alg: 'ed25519-nkey' }));
  const claims = {
    jti: randomUUID().replace(/-/g, '').toUpperCase(),
    iat: Math.floor(Date.now() / 1000),
    iss: issuer.getPublicKey(),
    name,
    sub: subject,
    nats: { ...nats, version: 2 },
  };
  const payload = base64url(JSON.stringify(claims));
  const signature = issuer.sign(new TextEncoder().encode(`${header}.${payload}`));
  return `${header}.${payload}.${base64url(signature)}`;
}

const UNLIMITED = { subs: -1, data: -1, payload: -1 };

function accountJwt(operator: KeyPair, account: KeyPair, name: string, isJetStream: boolean): string {
  const jetStream = isJetStream ? { mem_storage: -1, disk_storage: -1, streams: -1, consumer: -1 } : {};
  return signJwt(operator, account.getPublicKey(), name, {
    type: 'account',
    limits: { ...UNLIMITED, imports: -1, exports: -1, wildcards: true, conn: -1, leaf: -1, ...jetStream },
  });
}

/**
 * An operator with a system account and one JetStream account, as `nsc` would set them up: the
 * nats-server configuration that trusts them (memory resolver) and `.creds` files for users of
 * the account.
 */
export interface TestOperator {
  /** nats-server configuration text: `operator`, `system_account`, `resolver`, `resolver_preload`. */
  readonly config: string;
  /** A `.creds` file (user JWT + NKey seed) of a user of the account with these permissions. */
  creds(name: string, permissions: UserPermissions): string;
  /** A `.creds` file of a user signed by an account the server does not know. */
  foreignCreds(name: string): string;
}

function credsFile(account: KeyPair, name: string, permissions?: UserPermissions): string {
  const user = createUser();
  const jwt = signJwt(account, user.getPublicKey(), name, {
    type: 'user',
    ...UNLIMITED,
    ...(permissions
      ? { pub: { allow: [...permissions.publish] }, sub: { allow: [...permissions.subscribe] } }
      : {}),
  });
  return `-----BEGIN NATS USER JWT-----
${jwt}
------END NATS USER JWT------

-----BEGIN USER NKEY SEED-----
${decoder.decode(user.getSeed())}
------END USER NKEY SEED------
`;
}

/** Creates the keys and JWTs of {@link TestOperator}. */
export function createTestOperator(): TestOperator {
  const operator = createOperator();
  const system = createAccount();
  const account = createAccount();
  const operatorJwt = signJwt(operator, operator.getPublicKey(), 'test-operator', {
    type: 'operator',
    system_account: system.getPublicKey(),
  });
  const config = `operator: ${operatorJwt}
system_account: ${system.getPublicKey()}
resolver: MEMORY
resolver_preload: {
  ${system.getPublicKey()}: ${accountJwt(operator, system, 'SYS', false)}
  ${account.getPublicKey()}: ${accountJwt(operator, account, 'spec-engine', true)}
}
`;
  return {
    config,
    creds: (name, permissions) => credsFile(account, name, permissions),
    foreignCreds: (name) => credsFile(createAccount(), name),
  };
}
