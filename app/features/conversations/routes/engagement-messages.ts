// /engagements/:id/messages — the engagement's conversation (made on first use), for both sides and the
// secretariat: a redirect to its thread.
import { redirect } from "react-router";
import { requireUser } from "~/features/auth/index.server";
import { engagementWithAccess } from "~/features/engagements/index.server";
import { engagementThread } from "../services/threads.server";
import type { Route } from "./+types/engagement-messages";

export async function loader({ request, params }: Route.LoaderArgs) {
  const ctx = await requireUser(request);
  const { engagement } = await engagementWithAccess(ctx.viewer, params.id);
  const thread = await engagementThread(engagement.id);
  return redirect(`/threads/${thread.id}`);
}
