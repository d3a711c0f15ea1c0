import { redirect } from "react-router";
import { readForm } from "~/utils/forms.server";
import { requireMember, requireUser, safeRedirect } from "~/features/auth/index.server";
import { clientIp } from "~/utils/request.server";
import { audit } from "~/utils/audit.server";
import { db } from "~/utils/db.server";
import { forbidden } from "~/utils/http.server";
import type { Route } from "./+types/mine";

/** GET /organisation: the active organisation's page. */
export async function loader({ request }: Route.LoaderArgs) {
  const { organisation } = await requireMember(request);
  return redirect(`/organisations/${organisation.id}`);
}

/** POST /organisation: switch the active organisation (organisationId, redirectTo). */
export async function action({ request, context }: Route.ActionArgs) {
  const { user, session, memberships } = await requireUser(request);
  const form = await readForm(request);
  const organisationId = form.get("organisationId");
  if (typeof organisationId !== "string" || !memberships.some((m) => m.organisationId === organisationId))
    throw forbidden();
  await db().$transaction(async (tx) => {
    await tx.session.update({ where: { id: session.id }, data: { activeOrganisationId: organisationId } });
    await audit(tx, {
      actorId: user.id,
      organisationId,
      action: "session.organisation_switched",
      entityType: "session",
      entityId: session.id.slice(0, 12),
      ip: clientIp(context),
    });
  });
  return redirect(safeRedirect(form.get("redirectTo"), `/organisations/${organisationId}`));
}
