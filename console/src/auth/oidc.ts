import type { ConsoleConfig } from '../api/index.js';
import { OIDC_CALLBACK_PATH } from '../routing/route.js';

type OidcSettings = NonNullable<ConsoleConfig['oidc']>;

/** oidc-client-ts, loaded only when OIDC is configured (it is not part of the first load). */
async function userManager(settings: OidcSettings) {
  const { InMemoryWebStorage, UserManager, WebStorageStateStore } = await import('oidc-client-ts');
  return new UserManager({
    authority: settings.issuer,
    client_id: settings.client_id,
    redirect_uri: `${location.origin}${OIDC_CALLBACK_PATH}`,
    response_type: 'code',
    scope: 'openid profile',
    // PKCE state lives in this tab only, like the token.
    stateStore: new WebStorageStateStore({ store: sessionStorage }),
    // The console keeps the access token itself (session.ts): the provider's answer is not stored,
    // so Sign out leaves no token of it behind.
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
  });
}

/** Sends the browser to the issuer: authorization code flow with PKCE. */
export async function startOidcSignIn(settings: OidcSettings): Promise<void> {
  await (await userManager(settings)).signinRedirect();
}

/** Completes the redirect back from the issuer and returns the access token. */
export async function finishOidcSignIn(settings: OidcSettings): Promise<string> {
  const user = await (await userManager(settings)).signinRedirectCallback();
  return user.access_token;
}
