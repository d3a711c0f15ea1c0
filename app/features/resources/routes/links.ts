// /resources/links — links a resource from a need, an engagement or a call ("this model law helped in
// Kenya"), or removes such a link; the forms live on those pages (ResourceLinksPanel) and come back to
// them. GET has nothing to show: it goes to the library.
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect } from "react-router";
import { requireUser, safeRedirect } from "~/features/auth/index.server";
import { isId, readForm } from "~/utils/forms.server";
import { httpError } from "~/utils/http.server";
import { clientIp } from "~/utils/request.server";
import { resourceLinkSchema } from "../schemas";
import { linkResource, unlinkResource } from "../services/links.server";
import type { Route } from "./+types/links";
import { db } from "~/utils/db.server";

export async function loader() {
  return redirect("/resources");
}

function back(form: FormData, done: string) {
  const to = safeRedirect(form.get("redirectTo"), "/resources").split("#")[0]!;
  return redirect(`${to}${to.includes("?") ? "&" : "?"}done=${done}#resource-links`);
}

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = await requireUser(request);
  const form = await readForm(request);
  if (form.get("intent") === "unlink-resource") {
    const id = form.get("linkId");
    if (!isId(id)) throw httpError(400, "common:errors.badRequest");
    await db().$transaction((tx) => unlinkResource(tx, ctx.viewer, id, clientIp(context)));
    return back(form, "resource_unlinked");
  }
  const submission = parseWithZod(form, { schema: resourceLinkSchema });
  if (submission.status !== "success") throw httpError(400, "resources:errors.unknownResource");
  const v = submission.value;
  await db().$transaction((tx) =>
    linkResource(
      tx,
      ctx.viewer,
      { target: { type: v.targetType, id: v.targetId }, resourceId: v.resourceId, note: v.note },
      clientIp(context),
    ),
  );
  return back(form, "resource_linked");
}
