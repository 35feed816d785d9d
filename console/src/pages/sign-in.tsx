import { type FormEvent, useState } from 'react';
import type { ConsoleConfig } from '../api/index.js';
import { Alert, Field } from '../components/dialog.js';
import { startOidcSignIn } from '../auth/oidc.js';

/** Props of {@link SignInPage}. */
export interface SignInProps {
  readonly config: ConsoleConfig | undefined;
  /** Why the user is here again (e.g. the session ended with a 401). */
  readonly message: string | undefined;
  readonly onSignedIn: (token: string) => void;
}

/** Sign-in: paste an access token, or use the identity provider when OIDC is configured. */
export function SignInPage({ config, message, onSignedIn }: SignInProps) {
  const [token, setToken] = useState('');
  const [problem, setProblem] = useState<string>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = token.trim();
    if (trimmed === '') setProblem('Paste an access token first.');
    else onSignedIn(trimmed);
  };
  const oidc = config?.oidc;
  return (
    <main className="sign-in">
      <h1>Sign in to zerotouch</h1>
      <Alert message={message ?? problem} />
      {oidc && (
        <p>
          <button type="button" onClick={() => startOidcSignIn(oidc).catch((e) => setProblem(String(e)))}>
            Sign in with {new URL(oidc.issuer).host}
          </button>
        </p>
      )}
      <form onSubmit={submit}>
        <Field label="Access token" type="password" value={token} onChange={setToken} />
        <p className="hint">
          The token is kept in this tab only. On the local stack, <code>npm start</code> prints one.
        </p>
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}
