import { useCallback, useEffect, useState } from 'react';

/** The screen the URL names. The URL carries ids only, never a token. */
export type Route =
  | { readonly page: 'workflows' }
  | { readonly page: 'workflow'; readonly workflowId: string; readonly proposalId?: string | undefined }
  | { readonly page: 'oidc-callback' };

/** The OIDC redirect URI's path. */
export const OIDC_CALLBACK_PATH = '/auth/callback';

/** The route of a URL. */
export function parseRoute(url: URL): Route {
  if (url.pathname === OIDC_CALLBACK_PATH) return { page: 'oidc-callback' };
  const match = /^\/workflows\/([0-9a-f-]{36})\/?$/i.exec(url.pathname);
  if (!match) return { page: 'workflows' };
  return {
    page: 'workflow',
    workflowId: match[1]!,
    proposalId: url.searchParams.get('proposal') ?? undefined,
  };
}

/** The URL path (and query) of a route. */
export function hrefOf(route: Route): string {
  if (route.page === 'workflow') {
    return `/workflows/${route.workflowId}${route.proposalId ? `?proposal=${route.proposalId}` : ''}`;
  }
  return route.page === 'oidc-callback' ? OIDC_CALLBACK_PATH : '/';
}

/** The current route and a navigate function (history API; Back and Forward work). */
export function useRoute(): [Route, (route: Route, options?: { replace?: boolean }) => void] {
  const [route, setRoute] = useState(() => parseRoute(new URL(location.href)));
  useEffect(() => {
    const onPop = () => setRoute(parseRoute(new URL(location.href)));
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((next: Route, options: { replace?: boolean } = {}) => {
    if (options.replace) history.replaceState(null, '', hrefOf(next));
    else history.pushState(null, '', hrefOf(next));
    setRoute(next);
  }, []);
  return [route, navigate];
}
