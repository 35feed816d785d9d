import type { ReactNode } from 'react';
import { hrefOf, type Route } from '../routing/route.js';

/** A link to a console screen: a real `href` (open in a new tab works), in-page navigation on click. */
export function RouteLink({
  route,
  navigate,
  children,
}: {
  route: Route;
  navigate: (route: Route) => void;
  children: ReactNode;
}) {
  return (
    <a
      href={hrefOf(route)}
      onClick={(e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
        e.preventDefault();
        navigate(route);
      }}
    >
      {children}
    </a>
  );
}
