// An engagement and the viewer's rights on its documents (policy.ts engagementDocumentAccess). Someone
// who is neither side nor the secretariat gets a 404.
import { engagementDocumentAccess, type Viewer } from "~/features/auth/policy";
import { db } from "~/utils/db.server";
import { httpError } from "~/utils/http.server";
import { engagementSide, engagementSidesSelect } from "./engagements.server";

export async function engagementWithAccess(viewer: NonNullable<Viewer>, id: string) {
  const engagement = await db().engagement.findUnique({
    where: { id },
    select: {
      ...engagementSidesSelect,
      need: { select: { title: true, contentLanguage: true } },
    },
  });
  const side = engagement ? engagementSide(viewer, engagement) : null;
  if (!engagement || !side) throw httpError(404, "common:errors.notFound");
  const rights = engagementDocumentAccess(viewer, engagement);
  if (!rights.read) throw httpError(404, "common:errors.notFound");
  const organisationId =
    side === "expert"
      ? engagement.expertOrganisationId
      : side === "coalition"
        ? engagement.coalitionOrganisationId
        : (viewer.memberships.find((m) => m.kind === "SECRETARIAT")?.organisationId ?? null);
  return { engagement, side, rights, organisationId };
}
