import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/harness.js';

const PAGE =
  '<!doctype html><html><body><div id="root"></div><script type="module" src="/assets/app-1a2b.js"></script></body></html>';

describe('the console at /', () => {
  let dir: string;
  let t: TestApp;
  let bare: TestApp;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'console-dist-'));
    await mkdir(path.join(dir, 'assets'));
    await writeFile(path.join(dir, 'index.html'), PAGE);
    await writeFile(path.join(dir, 'assets', 'app-1a2b.js'), 'console.log("console")');
    await writeFile(path.join(dir, 'assets', 'big-3c4d.js'), `const text = "${'console '.repeat(2000)}";`);
    t = await createTestApp('orch_console', {
      env: {
        CONSOLE_DIR: dir,
        CONSOLE_OIDC_ISSUER: 'https://login.example.com',
        CONSOLE_OIDC_CLIENT_ID: 'zt',
      },
    });
    bare = await createTestApp('orch_console_bare', { env: { CONSOLE_DIR: path.join(dir, 'missing') } });
  });
  afterAll(async () => {
    await t?.close();
    await bare?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the page without a token at / and at every console route, never cached, with a strict policy', async () => {
    for (const route of ['/', '/workflows/5b0c7c6e-0000-4000-8000-000000000001', '/auth/callback']) {
      const res = await t.call('GET', route, { sub: null });
      expect(res.status, route).toBe(200);
      expect(res.body).toBe(PAGE);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("connect-src 'self' https://login.example.com");
      expect(csp).toContain("frame-ancestors 'none'");
    }
  });

  it('serves hashed assets for good and answers 404 for a missing one', async () => {
    const asset = await t.call('GET', '/assets/app-1a2b.js', { sub: null });
    expect(asset.status).toBe(200);
    expect(asset.body).toBe('console.log("console")');
    expect(asset.headers.get('content-type')).toContain('javascript');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const big = await t.app.request('/assets/big-3c4d.js', { headers: { 'accept-encoding': 'gzip' } });
    expect(big.headers.get('content-encoding')).toBe('gzip');
    expect((await big.arrayBuffer()).byteLength).toBeLessThan(2000);
    const missing = await t.call('GET', '/assets/nope.js', { sub: null });
    expect(missing.status).toBe(404);
    const traversal = await t.call('GET', '/assets/..%2f..%2fetc%2fpasswd', { sub: null });
    expect(traversal.status).toBe(404);
  });

  it('tells the page how to sign in: OIDC issuer and client when configured, null otherwise', async () => {
    const configured = await t.call('GET', '/console/config.json', { sub: null });
    expect(configured.body).toEqual({ oidc: { issuer: 'https://login.example.com', client_id: 'zt' } });
    const plain = await bare.call('GET', '/console/config.json', { sub: null });
    expect(plain.body).toEqual({ oidc: null });
  });

  it('says how to build the console when it is not built, and keeps the API under /api', async () => {
    const res = await bare.call('GET', '/', { sub: null });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      error: { code: 'console_not_built', message: 'the console is not built: run `npm run build:console`' },
    });
    expect((await t.call('GET', '/api/workflows', { sub: null })).status).toBe(401);
    expect((await t.call('GET', '/api/workflows')).status).toBe(200);
  });
});
