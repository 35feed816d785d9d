import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

// A real OpenID provider (panva's certified `oidc-provider`) on localhost: the external identity
// provider the console signs in with and whose keys the orchestrator trusts. Its development
// login and consent pages accept any login, which is all a test needs from a person's side.

/** The issuer as the stack sees it. */
export interface OidcIssuer {
  /** `CONSOLE_OIDC_ISSUER` and `AUTH_ISSUER`. */
  readonly issuer: string;
  readonly jwksUrl: string;
  /** The API's resource indicator: the access tokens' `aud` (`AUTH_AUDIENCE`). */
  readonly audience: string;
  /** The public client to register (PKCE required, no secret). */
  readonly clientId: string;
  /** Registers the console's redirect URI; the issuer answers 503 until then (the console's port comes later). */
  registerConsole(redirectUri: string): void;
  close(): Promise<void>;
}

/** Starts the issuer on a free port; access tokens are RS256 JWTs for {@link OidcIssuer.audience}. */
export async function startOidcIssuer(): Promise<OidcIssuer> {
  let handler: http.RequestListener | undefined;
  const server = http.createServer((req, res) => {
    if (handler) return handler(req, res);
    res.writeHead(503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const audience = 'https://zerotouch.test/api';
  const clientId = 'zerotouch-console';
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  return {
    issuer,
    jwksUrl: `${issuer}/jwks`,
    audience,
    clientId,
    registerConsole(redirectUri) {
      const provider = new Provider(issuer, {
        clients: [
          {
            client_id: clientId,
            token_endpoint_auth_method: 'none',
            redirect_uris: [redirectUri],
            grant_types: ['authorization_code'],
            response_types: ['code'],
          },
        ],
        jwks: { keys: [signingKey] },
        cookies: { keys: ['oidc-test-cookie-key'] },
        claims: { openid: ['sub'], profile: ['name'] },
        // CORS for the console's page only (it calls the token endpoint); lifetimes as a real IdP's.
        clientBasedCORS: (_ctx: unknown, origin: string) => origin === new URL(redirectUri).origin,
        ttl: { AccessToken: 3600, IdToken: 3600, Grant: 3600, Session: 3600, Interaction: 600 },
        findAccount: async (_ctx: unknown, sub: string) => ({
          accountId: sub,
          claims: async () => ({ sub, name: sub }),
        }),
        features: {
          // Without a resource the console's requests get the API's: a JWT the orchestrator verifies.
          resourceIndicators: {
            enabled: true,
            defaultResource: async () => audience,
            useGrantedResource: async () => true,
            getResourceServerInfo: async () => ({
              scope: 'profile',
              audience,
              accessTokenFormat: 'jwt',
              jwt: { sign: { alg: 'RS256' } },
            }),
          },
        },
      });
      handler = provider.callback();
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
