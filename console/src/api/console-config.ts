/** What the orchestrator tells the console about sign-in (`/console/config.json`). */
export interface ConsoleConfig {
  /** OIDC authorization code + PKCE against this issuer, when configured. */
  readonly oidc: { readonly issuer: string; readonly client_id: string } | null;
}

/** Reads the console's configuration; no OIDC when it cannot be read. */
export async function loadConsoleConfig(): Promise<ConsoleConfig> {
  try {
    const response = await fetch('/console/config.json', { headers: { accept: 'application/json' } });
    if (!response.ok) return { oidc: null };
    const body = (await response.json()) as Partial<ConsoleConfig>;
    return { oidc: body.oidc ?? null };
  } catch {
    return { oidc: null };
  }
}
