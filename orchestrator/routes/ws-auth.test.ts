import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openClient, type Stack, startStack } from '../testing/stack.js';
import { unreachableUrl } from '../testing/fake-engine.js';

describe('WebSocket route when the JWKS cannot be reached', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack('orch_ws_jwks', {
      env: { AUTH_JWT_SECRET: '', AUTH_JWKS_URL: `${await unreachableUrl()}/jwks.json` },
    });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('answers 503 before the upgrade, like the REST routes, not 500 or 401', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT({ sub: 'a', exp: Math.floor(Date.now() / 1000) + 60 })
      .setProtectedHeader({ alg: 'RS256', kid: 'k' })
      .sign(privateKey);
    const opened = await openClient(`${s.wsUrl}/00000000-0000-4000-8000-000000000001`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!('status' in opened)) opened.socket.terminate();
    expect('status' in opened ? opened.status : 101).toBe(503);
    expect('status' in opened && opened.body).toEqual({
      error: { code: 'auth_unavailable', message: expect.any(String) },
    });
  });
});
