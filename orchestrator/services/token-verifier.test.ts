import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt, exportJWK, exportSPKI, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthConfig } from '../settings/config.js';
import { unreachableUrl } from '../testing/fake-engine.js';
import { signTestToken, TEST_SECRET } from '../testing/tokens.js';
import { createTokenVerifier, KeySourceError, TokenError } from './token-verifier.js';

type Key = Awaited<ReturnType<typeof generateKeyPair>>;

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('token verifier', () => {
  let server: Server;
  let jwksUrl: string;
  let published: JWK[] = [];
  const keys: Record<string, Key> = {};

  async function sign(kid: string, alg: string, claims: Record<string, unknown> = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ sub: 'alice', exp: now + 600, ...claims })
      .setProtectedHeader({ alg, kid })
      .sign(keys[kid]!.privateKey);
  }

  beforeAll(async () => {
    for (const [kid, alg] of [
      ['rsa-1', 'RS256'],
      ['ec-1', 'ES256'],
      ['ed-1', 'EdDSA'],
      ['rsa-2', 'RS256'], // never published
    ] as const) {
      keys[kid] = await generateKeyPair(alg, { extractable: true });
    }
    const jwk = async (kid: string, alg: string) => ({
      ...(await exportJWK(keys[kid]!.publicKey)),
      kid,
      alg,
      use: 'sig',
    });
    published = [await jwk('rsa-1', 'RS256'), await jwk('ec-1', 'ES256'), await jwk('ed-1', 'EdDSA')];
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: published }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const base = (): AuthConfig => ({
    jwksUrl,
    jwtSecret: TEST_SECRET,
    issuer: undefined,
    audience: undefined,
  });

  const cases: Record<
    string,
    { reason: string; config?: Partial<AuthConfig>; token: () => Promise<string>; want: string }
  > = {
    hs256: {
      reason: 'a valid HS256 development token',
      token: () => signTestToken({ sub: 'alice' }),
      want: 'alice',
    },
    rs256: {
      reason: 'a valid RS256 token from the JWKS',
      token: () => sign('rsa-1', 'RS256'),
      want: 'alice',
    },
    es256: { reason: 'a valid ES256 token from the JWKS', token: () => sign('ec-1', 'ES256'), want: 'alice' },
    eddsa: { reason: 'a valid EdDSA token from the JWKS', token: () => sign('ed-1', 'EdDSA'), want: 'alice' },
    expired: {
      reason: 'exp in the past',
      token: () => signTestToken({ sub: 'a', expiresIn: -120 }),
      want: 'token has expired',
    },
    notYet: {
      reason: 'nbf in the future',
      token: () => signTestToken({ sub: 'a', notBefore: 300 }),
      want: 'token is not valid yet',
    },
    wrongIssuer: {
      reason: 'iss differs from AUTH_ISSUER',
      config: { issuer: 'https://auth.example.com' },
      token: () => signTestToken({ sub: 'a', issuer: 'https://evil.example.com' }),
      want: "token claim 'iss' is invalid",
    },
    missingIssuer: {
      reason: 'no iss while AUTH_ISSUER is set',
      config: { issuer: 'https://auth.example.com' },
      token: () => signTestToken({ sub: 'a' }),
      want: "token claim 'iss' is missing",
    },
    wrongAudience: {
      reason: 'aud differs from AUTH_AUDIENCE',
      config: { audience: ['ide'] },
      token: () => signTestToken({ sub: 'a', audience: 'billing' }),
      want: "token claim 'aud' is invalid",
    },
    rightIssuerAudience: {
      reason: 'iss and aud as configured',
      config: { issuer: 'https://auth.example.com', audience: ['ide'] },
      token: () => signTestToken({ sub: 'bob', issuer: 'https://auth.example.com', audience: 'ide' }),
      want: 'bob',
    },
    algNone: {
      reason: 'an unsigned token (alg: none)',
      token: async () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'admin', exp: 4102444800 })}.`,
      want: 'token algorithm is not allowed',
    },
    hsAgainstJwks: {
      reason: 'an HS256 token when only an RS256 JWKS is configured',
      config: { jwtSecret: undefined },
      token: () => signTestToken({ sub: 'a' }),
      want: 'token algorithm is not allowed',
    },
    keyConfusion: {
      reason: 'HS256 signed with the RSA public key as the HMAC secret',
      config: { jwtSecret: undefined },
      token: async () =>
        new SignJWT({ sub: 'admin', exp: Math.floor(Date.now() / 1000) + 600 })
          .setProtectedHeader({ alg: 'HS256', kid: 'rsa-1' })
          .sign(new TextEncoder().encode(await exportSPKI(keys['rsa-1']!.publicKey))),
      want: 'token algorithm is not allowed',
    },
    tampered: {
      reason: 'a payload changed after signing',
      token: async () => {
        const [h, , s] = (await sign('rsa-1', 'RS256')).split('.');
        return `${h}.${b64({ sub: 'admin', exp: 4102444800 })}.${s}`;
      },
      want: 'token signature is invalid',
    },
    tamperedHs: {
      reason: 'an HS256 token signed with another secret',
      token: () => signTestToken({ sub: 'a', secret: 'another-secret-of-sufficient-length-000' }),
      want: 'token signature is invalid',
    },
    missingSub: {
      reason: 'no sub claim',
      token: () => signTestToken({ sub: undefined }),
      want: "token has no valid 'sub' claim",
    },
    nulInSub: {
      reason: 'a NUL byte in sub (PostgreSQL cannot store it)',
      token: () => signTestToken({ sub: 'ali\u0000ce' }),
      want: "token has no valid 'sub' claim",
    },
    unknownKid: {
      reason: 'a key the JWKS does not have',
      token: () => sign('rsa-2', 'RS256'),
      want: 'token was signed by an unknown key',
    },
    garbage: { reason: 'not a JWT at all', token: async () => 'abc.def', want: 'token is malformed' },
  };

  for (const [name, c] of Object.entries(cases)) {
    it(`${name}: ${c.reason}`, async () => {
      const verify = createTokenVerifier({ ...base(), ...c.config });
      const token = await c.token();
      const got = await verify(token).then(
        (v) => v.subject,
        (e: unknown) => (e instanceof TokenError ? e.message : `unexpected ${String(e)}`),
      );
      expect(got).toBe(c.want);
    });
  }

  it('accepts a rotated key once the JWKS publishes it (refetch on unknown kid)', async () => {
    const verify = createTokenVerifier({ ...base(), jwtSecret: undefined }, { jwksCooldownMs: 0 });
    expect((await verify(await sign('rsa-1', 'RS256'))).subject).toBe('alice');
    const fresh = await generateKeyPair('RS256', { extractable: true });
    keys['rsa-3'] = fresh;
    await expect(verify(await sign('rsa-3', 'RS256'))).rejects.toThrow('unknown key');
    published.push({ ...(await exportJWK(fresh.publicKey)), kid: 'rsa-3', alg: 'RS256' });
    expect((await verify(await sign('rsa-3', 'RS256'))).subject).toBe('alice');
  });

  it('reports an unreachable or broken JWKS as unavailable keys, not as a bad token', async () => {
    const token = await sign('rsa-1', 'RS256');
    const down = createTokenVerifier({ ...base(), jwksUrl: (await unreachableUrl()) + '/jwks.json' });
    await expect(down(token)).rejects.toBeInstanceOf(KeySourceError);
    const notFound = createServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((resolve) => notFound.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(notFound.address() as AddressInfo).port}/jwks.json`;
    await expect(createTokenVerifier({ ...base(), jwksUrl: url })(token)).rejects.toThrow(
      'signing keys are unavailable',
    );
    notFound.close();
  });

  it('refuses a token without exp', async () => {
    const token = await new SignJWT({ sub: 'a' })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(TEST_SECRET));
    await expect(createTokenVerifier(base())(token)).rejects.toThrow("token claim 'exp' is missing");
  });

  it('remembers a verified token only until it expires', async () => {
    const verify = createTokenVerifier(base(), { clockToleranceSeconds: 0 });
    const token = await signTestToken({ sub: 'short', expiresIn: 2 });
    const { exp } = decodeJwt(token);
    expect((await verify(token)).subject).toBe('short');
    expect((await verify(token)).subject).toBe('short');
    await new Promise((r) => setTimeout(r, exp! * 1000 - Date.now() + 50));
    await expect(verify(token)).rejects.toThrow('token has expired');
  });
});
