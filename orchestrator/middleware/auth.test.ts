import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unreachableUrl } from '../testing/fake-engine.js';
import { createTestApp, type TestApp } from '../testing/harness.js';
import { signTestToken } from '../testing/tokens.js';

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('auth middleware on REST routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('orch_auth', {
      env: { AUTH_ISSUER: 'https://auth.example.com', AUTH_AUDIENCE: 'ide' },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  const good = { issuer: 'https://auth.example.com', audience: 'ide' };
  const cases: Record<
    string,
    { reason: string; header: () => Promise<string | undefined>; want: [number, string?] }
  > = {
    valid: {
      reason: 'a valid token',
      header: async () => `Bearer ${await signTestToken({ sub: 'a', ...good })}`,
      want: [200],
    },
    none: {
      reason: 'no Authorization header',
      header: async () => undefined,
      want: [401, 'a bearer token is required'],
    },
    basic: {
      reason: 'a Basic header',
      header: async () => 'Basic YTpi',
      want: [401, 'a bearer token is required'],
    },
    expired: {
      reason: 'an expired token',
      header: async () => `Bearer ${await signTestToken({ sub: 'a', ...good, expiresIn: -60 })}`,
      want: [401, 'token has expired'],
    },
    notYet: {
      reason: 'a token not valid yet',
      header: async () => `Bearer ${await signTestToken({ sub: 'a', ...good, notBefore: 600 })}`,
      want: [401, 'token is not valid yet'],
    },
    issuer: {
      reason: 'a wrong issuer',
      header: async () => `Bearer ${await signTestToken({ sub: 'a', ...good, issuer: 'https://x' })}`,
      want: [401, "token claim 'iss' is invalid"],
    },
    audience: {
      reason: 'a wrong audience',
      header: async () => `Bearer ${await signTestToken({ sub: 'a', ...good, audience: 'other' })}`,
      want: [401, "token claim 'aud' is invalid"],
    },
    algNone: {
      reason: 'alg: none',
      header: async () =>
        `Bearer ${b64({ alg: 'none' })}.${b64({ sub: 'a', ...good, aud: 'ide', iss: good.issuer })}.`,
      want: [401, 'token algorithm is not allowed'],
    },
    noSub: {
      reason: 'no sub',
      header: async () => `Bearer ${await signTestToken({ sub: undefined, ...good })}`,
      want: [401, "token has no valid 'sub' claim"],
    },
  };

  for (const [name, c] of Object.entries(cases)) {
    it(`${name}: answers ${c.want[0]} for ${c.reason}`, async () => {
      const header = await c.header();
      const res = await t.app.request('/api/workflows', { headers: header ? { authorization: header } : {} });
      expect(res.status).toBe(c.want[0]);
      if (c.want[1]) {
        expect(await res.json()).toEqual({
          error: { code: 'unauthorized', message: expect.stringContaining(c.want[1]) },
        });
        expect(res.headers.get('www-authenticate')).toBe('Bearer');
      }
    });
  }

  it('answers 503 auth_unavailable with Retry-After when the JWKS cannot be fetched', async () => {
    const down = await createTestApp('orch_auth_jwks', {
      env: { AUTH_JWT_SECRET: '', AUTH_JWKS_URL: `${await unreachableUrl()}/jwks.json` },
    });
    try {
      const { privateKey } = await generateKeyPair('RS256');
      const token = await new SignJWT({ sub: 'a', exp: Math.floor(Date.now() / 1000) + 60 })
        .setProtectedHeader({ alg: 'RS256', kid: 'k' })
        .sign(privateKey);
      const res = await down.app.request('/api/workflows', { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('auth_unavailable');
    } finally {
      await down.close();
    }
  });

  it('does not accept a token in the query string on REST routes', async () => {
    const token = await signTestToken({ sub: 'a', ...good });
    const res = await t.app.request(`/api/workflows?token=${token}`);
    expect(res.status).toBe(401);
  });

  it('guards every resource route', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    for (const [method, path] of [
      ['POST', '/api/workflows'],
      ['GET', `/api/workflows/${id}`],
      ['GET', `/api/workflows/${id}/draft`],
      ['DELETE', `/api/workflows/${id}/draft`],
      ['PUT', `/api/workflows/${id}/draft/files/a.md`],
      ['DELETE', `/api/workflows/${id}/draft/files/a.md`],
      ['POST', `/api/workflows/${id}/versions`],
      ['GET', `/api/workflows/${id}/versions`],
      ['GET', `/api/workflows/${id}/versions/1`],
      ['POST', `/api/workflows/${id}/refinements`],
      ['GET', `/api/proposals/${id}`],
      ['POST', `/api/proposals/${id}/approve`],
      ['POST', `/api/proposals/${id}/reject`],
      ['POST', `/api/refinements/${id}/approve`],
      ['POST', `/api/refinements/${id}/reject`],
    ]) {
      const res = await t.app.request(path!, { method: method! });
      expect([method, path, res.status]).toEqual([method, path, 401]);
    }
  });
});
