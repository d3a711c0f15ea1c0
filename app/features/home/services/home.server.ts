// What a signed-in member sees first: one section per role they hold (a person may be in several
// organisations), or, for organisations still awaiting verification, what that means and what to do.
import { isSecretariat, type Viewer } from "~/features/auth/policy";
import type { Db } from "~/utils/db.server";
import { setting } from "~/utils/env-schema";
import { coalitionHome } from "./coalition.server";
import { expertHome } from "./expert.server";
import { needsPastWantedBy, secretariatDay } from "./secretariat.server";

export type HomeMembership = {
  organisationId: string;
  organisationName: string;
  kind: "COALITION" | "EXPERT" | "SECRETARIAT";
  vettingLevel: "unverified" | "verified" | "trusted";
};

export async function loadHome(
  client: Db,
  viewer: NonNullable<Viewer>,
  memberships: HomeMembership[],
  now = new Date(),
) {
  const secretariat = isSecretariat(viewer);
  // A secretariat member whose session has not passed two-factor: secretariat powers wait for it.
  const secretariatNeedsTwoFactor = !secretariat && viewer.memberships.some((m) => m.kind === "SECRETARIAT");
  const pending = memberships
    .filter((m) => m.vettingLevel === "unverified" && m.kind !== "SECRETARIAT")
    .map((m) => ({ id: m.organisationId, name: m.organisationName, kind: m.kind }));
  const [day, pastWantedBy, coalition, expert] = await Promise.all([
    secretariatDay(client, viewer, now),
    needsPastWantedBy(client, viewer, now),
    coalitionHome(client, viewer, now),
    expertHome(client, viewer),
  ]);
  return {
    secretariat: secretariat ? { tasks: day, pastWantedBy } : null,
    secretariatNeedsTwoFactor,
    coalition,
    expert,
    pending: pending.length
      ? { organisations: pending, contact: setting("SECRETARIAT_CONTACT_EMAIL") }
      : null,
    noOrganisation: memberships.length === 0,
  };
}

export type HomeData = Awaited<ReturnType<typeof loadHome>>;
