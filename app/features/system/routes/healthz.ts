/** Liveness: the process is up and serving. Touches nothing else, so it is cheap enough for any probe. */
export function loader() {
  return new Response("ok", { headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
}
