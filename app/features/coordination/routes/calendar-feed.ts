// /calendar/<secret>.ics: a member's private feed of the calls they are invited to, for calendar apps
// (no session: the secret in the URL is the key, stored hashed, revocable from /settings/calendar).
// Unknown or revoked secrets get 404. Never cached by anything in between.
import { readCalendarFeed } from "../services/calendar.server";
import type { Route } from "./+types/calendar-feed";

export async function loader({ params }: Route.LoaderArgs) {
  const token = params.file.endsWith(".ics") ? params.file.slice(0, -4) : "";
  const body = token ? await readCalendarFeed(token) : null;
  if (!body) return new Response("Not found", { status: 404, headers: { "Cache-Control": "no-store" } });
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Cache-Control": "private, no-store",
      "X-Robots-Tag": "noindex",
    },
  });
}
