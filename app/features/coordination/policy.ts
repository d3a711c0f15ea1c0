// Access rules for country coordination, built on the primitives of ~/features/auth/policy (the same
// visibility levels as needs). Pure functions: no database, no request.
//
// - Activities: `network` → every verified member; `secretariat` → the secretariat and the organisation
//   that recorded it. Unverified members see only their own organisation's activities.
// - Calls: the secretariat and members of invited organisations; nobody else learns a call exists.
// - Call notes: `network` → the call's invitees; `secretariat` → the secretariat only (never leaves it:
//   not on the invitees' page, not in emails, not in the calendar file).
// - Call actions: `network` → the call's invitees; `secretariat` → the secretariat and the owning organisation.
import type { Prisma } from "~/generated/prisma/client";
import type { NeedVisibility } from "~/generated/prisma/enums";
import {
  isMemberOf,
  isSecretariat,
  isVerifiedMember,
  ownOrganisationIds,
  type Viewer,
} from "~/features/auth/policy";

const NOTHING = { id: { in: [] as string[] } };

export function visibleActivitiesWhere(viewer: Viewer): Prisma.CountryActivityWhereInput {
  if (!viewer) return NOTHING;
  if (isSecretariat(viewer)) return {};
  const own = ownOrganisationIds(viewer);
  if (!isVerifiedMember(viewer)) return { organisationId: { in: own } };
  return { OR: [{ organisationId: { in: own } }, { visibility: "network" }] };
}

export function activityVisible(
  viewer: Viewer,
  activity: { organisationId: string; visibility: NeedVisibility },
) {
  if (!viewer) return false;
  if (isSecretariat(viewer) || isMemberOf(viewer, activity.organisationId)) return true;
  return isVerifiedMember(viewer) && activity.visibility === "network";
}

export type CallAccess = "none" | "invitee" | "secretariat";

export function callAccess(viewer: Viewer, inviteeOrganisationIds: string[]): CallAccess {
  if (!viewer) return "none";
  if (isSecretariat(viewer)) return "secretariat";
  if (inviteeOrganisationIds.some((id) => isMemberOf(viewer, id))) return "invitee";
  return "none";
}

/** The calls a viewer may know about, as a Prisma filter. */
export function visibleCallsWhere(viewer: Viewer): Prisma.CoordinationCallWhereInput {
  if (!viewer) return NOTHING;
  if (isSecretariat(viewer)) return {};
  return { invitees: { some: { organisationId: { in: ownOrganisationIds(viewer) } } } };
}

export function visibleNotesWhere(access: CallAccess): Prisma.CallNoteWhereInput {
  if (access === "secretariat") return {};
  if (access === "invitee") return { visibility: "network" };
  return NOTHING;
}

export function visibleActionsWhere(viewer: Viewer, access: CallAccess): Prisma.CallActionWhereInput {
  if (access === "secretariat") return {};
  if (access === "none" || !viewer) return NOTHING;
  return { OR: [{ visibility: "network" }, { ownerOrganisationId: { in: ownOrganisationIds(viewer) } }] };
}
