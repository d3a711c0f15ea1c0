// Any address no other route answers: a 404 inside the site's frame (root ErrorBoundary), so a mistyped or
// stale link still shows the header, the language switch and the way out, in the reader's language.
import { notFound } from "~/utils/http.server";

export function loader() {
  throw notFound();
}

export function action() {
  throw notFound();
}

/** Never rendered: the loader always throws, and the root's ErrorBoundary draws the page. */
export default function NotFound() {
  return null;
}
