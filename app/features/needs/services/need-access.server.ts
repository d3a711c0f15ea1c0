// A need and what the viewer may see of it (policy.ts needAccess), for pages hanging off one need (its
// documents). Someone who may not know the need exists gets a 404.
import { needAccess, type Viewer } from "~/features/auth/policy";
import { db } from "~/utils/db.server";
import { httpError } from "~/utils/http.server";
import { expertRelations } from "./needs-board.server";

export async function needWithAccess(viewer: NonNullable<Viewer>, id: string) {
  const need = await db().need.findUnique({
    where: { id },
    select: {
      id: true,
      title: true,
      organisationId: true,
      status: true,
      visibility: true,
      anonymised: true,
      shareContacts: true,
      contentLanguage: true,
    },
  });
  if (!need) throw httpError(404, "common:errors.notFound");
  const relation = (await expertRelations(viewer, [need.id])).get(need.id);
  const access = needAccess(viewer, need, relation);
  if (access.level === "none") throw httpError(404, "common:errors.notFound");
  return { need, access };
}

/** The organisation an action is taken for: the one of the viewer's memberships that matters here. */
export function actingOrganisation(viewer: NonNullable<Viewer>, preferred: (string | null | undefined)[]) {
  for (const id of preferred) if (id && viewer.memberships.some((m) => m.organisationId === id)) return id;
  return (
    viewer.memberships.find((m) => m.kind === "SECRETARIAT")?.organisationId ??
    viewer.memberships[0]?.organisationId ??
    null
  );
}
