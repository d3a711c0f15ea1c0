// Who may read the development mailbox (kept apart from the mailbox's storage, which the mail catcher
// process imports without the app's database and sessions).
import { getViewer } from "~/features/auth/index.server";
import { env } from "~/utils/env.server";
import { notFound } from "~/utils/http.server";

/**
 * The mailbox shows every email sent, password-reset and invitation links included, so whoever reads it
 * can take over accounts (issue 15). It exists only with DEV_MAILBOX=true, which the environment schema
 * refuses with NODE_ENV=production and off loopback (so only `npm run dev` has it), and even there only
 * for a signed-in user: to a signed-out visitor it is a plain 404, like a page that does not exist.
 */
export async function requireDevMailbox(request: Request) {
  if (!devMailboxEnabled()) throw notFound();
  if (!(await getViewer(request))) throw notFound();
}

export function devMailboxEnabled() {
  // The environment schema refuses the pair already; checked again here so no other path can turn it on.
  return env().DEV_MAILBOX && env().NODE_ENV !== "production";
}
