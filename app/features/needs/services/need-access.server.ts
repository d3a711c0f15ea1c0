// A need and what the viewer may see of it (policy.ts needAccess), in one place: the need page, the
// proposal page, the engagement workspace and the pages hanging off one need (its documents) all ask
// here, so the staged-disclosure rule and its audit cannot drift apart between pages. Someone who may
// not know the need exists gets a 404.
import { Prisma } from "~/generated/prisma/client";
import { isSecretariat, needAccess, presentNeed, type NeedAccess, type Viewer } from "~/features/auth/policy";
import { audit } from "~/utils/audit.server";
import { db } from "~/utils/db.server";
import { httpError } from "~/utils/http.server";
import { sqlRows } from "~/utils/sql.server";
import { openNeedText } from "./confidential.server";
import { expertRelations } from "./needs-board.server";

/** The viewer's access to one need, or a 404 when it has none (or the need does not exist). */
async function accessTo<N extends { id: string } & Parameters<typeof needAccess>[1]>(
  viewer: NonNullable<Viewer>,
  need: N | null | undefined,
): Promise<{ need: N; access: NeedAccess }> {
  if (!need) throw httpError(404, "common:errors.notFound");
  const relation = (await expertRelations(viewer, [need.id])).get(need.id);
  return { need, access: needAccess(viewer, need, relation) };
}

/**
 * A need's light row and the viewer's access (no confidential text, nothing audited), for actions and for
 * pages that show no details. 404 without access ("full": without access to the details).
 */
export async function needWithAccess(
  viewer: NonNullable<Viewer>,
  id: string,
  options: { require?: "summary" | "full" } = {},
) {
  const found = await accessTo(
    viewer,
    await db().need.findUnique({
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
    }),
  );
  if (found.access.level === "none" || (options.require === "full" && found.access.level !== "full"))
    throw httpError(404, "common:errors.notFound");
  return found;
}

type NeedRow = Prisma.NeedGetPayload<{ include: { organisation: { select: { name: true } } } }>;
type PresentableRow = Omit<NeedRow, "dataKeyId">;
/** A need as a page may show it: confidential text only at the "full" level, the coalition's name as allowed. */
export type PresentedNeed = ReturnType<typeof presentNeed<PresentableRow>>;

/** Where the details were read, for the audit trail. */
export type DetailsView = {
  via: "need" | "proposal" | "engagement";
  ip: string | null;
  /** The organisation the viewer acted for (the expert's on a proposal, the side's in an engagement). */
  organisationId?: string | null;
  metadata?: Record<string, string>;
};

/**
 * The one reader of a need's details. Decides with the policy (needAccess, with the viewer's proposals
 * and engagements on the need), opens the confidential text only at the "full" level, and writes the
 * `need.details_viewed` audit event for every reader other than the owning coalition.
 *
 * `require`: "summary" (default) answers 404 when the viewer may not see the need at all; "full" also
 * when it may not read the details (a page that is nothing without them); "nothing" returns `need: null`
 * instead of a 404 (a page that shows something else when the need is out of reach).
 */
export async function readNeedDetails(
  viewer: NonNullable<Viewer>,
  needId: string,
  view: DetailsView,
  options: { require: "nothing" },
): Promise<{ need: PresentedNeed | null; access: NeedAccess }>;
export async function readNeedDetails(
  viewer: NonNullable<Viewer>,
  needId: string,
  view: DetailsView,
  options?: { require?: "summary" | "full" },
): Promise<{ need: PresentedNeed; access: NeedAccess }>;
export async function readNeedDetails(
  viewer: NonNullable<Viewer>,
  needId: string,
  view: DetailsView,
  options: { require?: "nothing" | "summary" | "full" } = {},
) {
  const require = options.require ?? "summary";
  // On the fast pool (utils/sql.server.ts): the need page is the most visited page after the boards.
  const [row] = await sqlRows<NeedRow>(Prisma.sql`
    SELECT n.*, json_build_object('name', o.name) AS organisation
    FROM "Need" n JOIN "Organisation" o ON o.id = n."organisationId" WHERE n.id = ${needId}`);
  const { need, access } = await accessTo(viewer, row);
  if (access.level === "none" || (require === "full" && access.level !== "full")) {
    if (require === "nothing") return { need: null, access };
    throw httpError(404, "common:errors.notFound");
  }
  if (access.level === "full" && !access.owner) {
    await audit(db(), {
      actorId: viewer.userId,
      organisationId: view.organisationId ?? null,
      action: "need.details_viewed",
      entityType: "need",
      entityId: need.id,
      ip: view.ip,
      metadata: { via: view.via, secretariat: isSecretariat(viewer), ...view.metadata },
    });
  }
  // Opened only once the policy said the viewer may read it; the key's id never leaves the server.
  const { dataKeyId: _key, ...sealed } = need;
  const shown: PresentableRow = access.level === "full" ? await openNeedText(db(), need) : sealed;
  return { need: presentNeed(shown, access), access };
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
