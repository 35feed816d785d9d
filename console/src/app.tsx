import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  type ConsoleConfig,
  clearToken,
  createConsoleApi,
  describeFailure,
  loadConsoleConfig,
  readToken,
  storeToken,
} from './api/index.js';
import { finishOidcSignIn } from './auth/oidc.js';
import { SignInPage } from './pages/sign-in.js';
import { WorkflowPage } from './pages/workflow.js';
import { WorkflowsPage } from './pages/workflows.js';
import { useRoute } from './routing/route.js';

/** The console: sign-in until there is a token, then the screen the URL names. */
export function App() {
  const [token, setToken] = useState(readToken);
  const [message, setMessage] = useState<string>();
  const [config, setConfig] = useState<ConsoleConfig>();
  const [route, navigate] = useRoute();
  const api = useMemo(
    () =>
      createConsoleApi({
        token: readToken,
        onUnauthorized: (reason) => {
          clearToken();
          setToken(undefined);
          setMessage(`You were signed out: ${reason}. Sign in again.`);
        },
      }),
    [],
  );
  useEffect(() => {
    void loadConsoleConfig().then(setConfig);
  }, []);
  const signIn = useCallback((next: string) => {
    storeToken(next);
    setMessage(undefined);
    setToken(next);
  }, []);
  useEffect(() => {
    if (route.page !== 'oidc-callback' || !config?.oidc) return;
    finishOidcSignIn(config.oidc)
      .then(signIn)
      .catch((e) => setMessage(`Sign-in with the identity provider failed: ${describeFailure(e)}`))
      .finally(() => navigate({ page: 'workflows' }, { replace: true }));
  }, [route.page, config, navigate, signIn]);

  if (!token || route.page === 'oidc-callback') {
    return <SignInPage config={config} message={message} onSignedIn={signIn} />;
  }
  return (
    <>
      <nav className="top" aria-label="Console">
        <strong>zerotouch</strong>
        <button
          type="button"
          onClick={() => {
            clearToken();
            setToken(undefined);
          }}
        >
          Sign out
        </button>
      </nav>
      {route.page === 'workflow' ? (
        <WorkflowPage
          key={route.workflowId}
          api={api}
          workflowId={route.workflowId}
          proposalId={route.proposalId}
          navigate={navigate}
        />
      ) : (
        <WorkflowsPage api={api} navigate={navigate} />
      )}
    </>
  );
}
