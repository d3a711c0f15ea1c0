// Links rendered as plain <a> elements with one click handler per list, for long lists of links to fixed
// paths (the site navigation, the boards' cards). React Router's <Link> resolves its path and builds its
// own handler with several hooks per link: in a CPU profile of the needs board (bench:web, issue 18) its
// ~45 links cost about as much as the rest of the page's components together. These keep what <Link>
// does for an absolute path: a left click without modifier keys navigates in the app (the same path
// replaces the history entry), anything else is the browser's, and `data-discover` lets React Router
// fetch the route's code ahead of the click, as it does for <Link>.
import { useCallback, type MouseEvent } from "react";
import { useLocation, useNavigate } from "react-router";

/** The props to spread on an <a> for an absolute in-app path. */
export function plainLinkProps(to: string, onClick: (event: MouseEvent<HTMLAnchorElement>) => void) {
  return { href: to, "data-discover": "true", onClick };
}

/** One click handler for every plain link of a component: navigation inside the app, as <Link>'s. */
export function usePlainLinkClick() {
  const navigate = useNavigate();
  const location = useLocation();
  const here = location.pathname + location.search + location.hash;
  return useCallback(
    (event: MouseEvent<HTMLAnchorElement>) => {
      const anchor = event.currentTarget;
      if (
        event.defaultPrevented ||
        event.button !== 0 ||
        event.metaKey ||
        event.altKey ||
        event.ctrlKey ||
        event.shiftKey ||
        (anchor.target && anchor.target !== "_self")
      )
        return;
      const to = anchor.getAttribute("href");
      if (!to?.startsWith("/") || to.startsWith("//")) return;
      event.preventDefault();
      navigate(to, { replace: to === here });
    },
    [navigate, here],
  );
}

/** Whether a navigation link is the current page's, as <NavLink> decides for an absolute path. */
export function isCurrentPath(pathname: string, to: string, end = false) {
  const path = pathname.toLowerCase();
  const target = to.toLowerCase();
  const length = target !== "/" && target.endsWith("/") ? target.length - 1 : target.length;
  return path === target || (!end && path.startsWith(target) && path.charAt(length) === "/");
}
