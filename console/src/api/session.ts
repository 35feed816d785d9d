/** Where the access token lives: the tab's `sessionStorage` (gone with the tab, never in a URL). */
const TOKEN_KEY = 'zerotouch.console.token';

/** The signed-in user's access token, if any. */
export function readToken(): string | undefined {
  return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

/** Keeps the access token for this tab. */
export function storeToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
}

/** Forgets the access token (sign-out, or a 401). */
export function clearToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}
