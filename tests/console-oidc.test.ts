import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason } from './support/browser.js';
import { createWorkflow, signIn, useStack } from './support/console-page.js';
import { type OidcIssuer, startOidcIssuer } from './support/oidc-issuer.js';

const skipReason = browserSkipReason();

describe.skipIf(skipReason !== undefined)('the console signing in with OIDC', () => {
  let idp: OidcIssuer;
  // The orchestrator is configured as in production: the console signs in at the issuer, and
  // the API trusts that issuer's keys, issuer and audience (and nothing else).
  const ctx = useStack('console_oidc', async () => {
    idp = await startOidcIssuer();
    return {
      orchestrator: {
        CONSOLE_OIDC_ISSUER: idp.issuer,
        CONSOLE_OIDC_CLIENT_ID: idp.clientId,
        AUTH_JWKS_URL: idp.jwksUrl,
        AUTH_ISSUER: idp.issuer,
        AUTH_AUDIENCE: idp.audience,
      },
    };
  });
  beforeAll(() => idp.registerConsole(`${ctx.proxy.url}/auth/callback`));
  afterAll(() => idp?.close());

  it('signs in at the issuer with code + PKCE, calls the API with its access token, and signs out', async () => {
    const page = await ctx.browser.newPage();
    const authorize = page.waitForRequest((r) => r.url().startsWith(`${idp.issuer}/auth?`));
    const bearers: string[] = [];
    page.on('request', (r) => {
      const auth = r.headers().authorization;
      if (r.url().startsWith(`${ctx.proxy.url}/api/`) && auth) bearers.push(auth.replace(/^Bearer /, ''));
    });
    await page.goto(`${ctx.proxy.url}/`);
    await page.getByRole('button', { name: `Sign in with ${new URL(idp.issuer).host}` }).click();

    const request = new URL((await authorize).url());
    expect(Object.fromEntries(request.searchParams)).toMatchObject({
      client_id: idp.clientId,
      response_type: 'code',
      redirect_uri: `${ctx.proxy.url}/auth/callback`,
      code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    // The issuer's own login and consent pages.
    await page.getByPlaceholder('Enter any login').fill('grace');
    await page.getByPlaceholder('and password').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByRole('heading', { name: 'Workflows', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect(page.url()).not.toContain('code=');
    await createWorkflow(page, 'signed in with OIDC');
    await page.getByRole('link', { name: 'All workflows' }).click();
    await page
      .getByRole('list', { name: 'Your workflows' })
      .getByRole('link', { name: 'signed in with OIDC' })
      .waitFor();
    // Every call carried the issuer's access token; the workflow belongs to its subject.
    expect(bearers.length).toBeGreaterThan(2);
    for (const token of new Set(bearers)) {
      expect(decodeJwt(token)).toMatchObject({ iss: idp.issuer, aud: idp.audience, sub: 'grace' });
    }
    const rows = await ctx.services.orchestratorSql`
      select u.subject from workflows w join users u on u.id = w.owner_id where w.name = 'signed in with OIDC'`;
    expect(rows).toEqual([{ subject: 'grace' }]);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to zerotouch' }).waitFor();
    // Nothing the provider handed out stays in the tab.
    const kept = await page.evaluate<string>("Object.values(sessionStorage).join('\\n')");
    for (const token of bearers) expect(kept).not.toContain(token);
    await page.reload();
    await page.getByRole('button', { name: `Sign in with ${new URL(idp.issuer).host}` }).waitFor();
    expect(await page.getByRole('heading', { name: 'Workflows' }).count()).toBe(0);
    await page.close();
  }, 120_000);

  it('says why when the person cancels at the issuer, and stays signed out', async () => {
    const page = await ctx.browser.newPage();
    await page.goto(`${ctx.proxy.url}/`);
    await page.getByRole('button', { name: `Sign in with ${new URL(idp.issuer).host}` }).click();
    await page.getByRole('link', { name: '[ Cancel ]' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent(), { timeout: 20_000 })
      .toBe('Sign-in with the identity provider failed: End-User aborted interaction');
    expect(new URL(page.url()).pathname).toBe('/');
    await page.getByLabel('Access token').waitFor();
    await page.close();
  }, 60_000);

  it('returns to sign-in with the reason when the API refuses a token from elsewhere', async () => {
    const page = await ctx.browser.newPage();
    // A token the stack's development secret signed, but not from the trusted issuer.
    await signIn(page, ctx);
    await expect
      .poll(() => page.getByRole('alert').textContent(), { timeout: 20_000 })
      .toContain("You were signed out: token claim 'iss' is missing");
    await page.getByRole('button', { name: `Sign in with ${new URL(idp.issuer).host}` }).waitFor();
    await page.close();
  }, 60_000);
});
