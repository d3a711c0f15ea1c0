import { redirect } from "react-router";
import { readForm } from "~/utils/forms.server";
import { clearPendingCookie } from "../services/pending-two-factor.server";
import { clientIp } from "~/utils/request.server";
import { clearSessionCookie } from "../services/session.server";
import { signOut } from "../services/sign-in.server";
import type { Route } from "./+types/logout";
import { db } from "~/utils/db.server";

/** POST /logout ends this session; with intent=everywhere, every session of the user. */
export async function action({ request, context }: Route.ActionArgs) {
  const form = await readForm(request);
  await db().$transaction((tx) =>
    signOut(tx, { request, ip: clientIp(context), everywhere: form.get("intent") === "everywhere" }),
  );
  const headers = new Headers();
  headers.append("Set-Cookie", clearSessionCookie());
  headers.append("Set-Cookie", clearPendingCookie());
  return redirect("/", { headers });
}

export function loader() {
  return redirect("/");
}
