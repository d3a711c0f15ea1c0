// Access rules for country coordination, built on the primitives of ~/features/auth/policy (the same
// visibility levels as needs). Pure functions: no database, no request. This module and ./schemas are the
// feature's public surface for other features (the countries pages read activities and calls through it).
//
// - Activities: `network` → every verified member; `secretariat` → the secretariat and the organisation
//   that recorded it. Unverified members see only their own organisation's activities.
// - Calls: the secretariat and members of invited organisations; nobody else learns a call exists.
// - Guests (people outside the network, no account): one call, through a signed link, until it expires,
//   is revoked, the call is cancelled or its follow-up closes; they see that call's time, place, the agenda
//   items and notes the secretariat marked "shared with guests", and nothing else.
// - Agenda items: every invitee and the secretariat; invitees propose, the secretariat orders, the
//   proposer or the secretariat removes; guests see those shared with them.
// - Call notes: `network` → the call's invitees; `secretariat` → the secretariat only (never leaves it:
//   not on the invitees' page, not in emails, not in the calendar file, never shared with guests).
//   Invitees write `network` notes; the secretariat writes either.
// - Call actions: visible by the rules of the call they belong to (never of the call being looked at):
//   `network` → that call's invitees; `secretariat` → the secretariat and the owning organisation; an
//   action's owner (organisation or person) always sees it. The owning coalition (or the secretariat)
//   turns an action of kind `need` into a need draft.
import type { Prisma } from "~/generated/prisma/client";
import type { NeedVisibility, OrganisationKind } from "~/generated/prisma/enums";
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

/** The note visibilities a reader may write: only what they could read back. */
export function noteVisibilitiesFor(access: CallAccess): NeedVisibility[] {
  if (access === "secretariat") return ["network", "secretariat"];
  if (access === "invitee") return ["network"];
  return [];
}

/** Invitees and the secretariat contribute (agenda items, notes) while the call is not cancelled. */
export function canContribute(access: CallAccess, call: { status: string }) {
  return access !== "none" && call.status !== "cancelled";
}

/** Ordering the agenda, sharing with guests, inviting guests, editing the call: the organiser. */
export function canOrganise(access: CallAccess) {
  return access === "secretariat";
}

export function canRemoveAgendaItem(viewer: Viewer, access: CallAccess, item: { proposedById: string }) {
  return access === "secretariat" || (access === "invitee" && viewer?.userId === item.proposedById);
}

/**
 * Actions visible to a viewer, by the rules of the call each belongs to: the secretariat sees all; an
 * owner sees their own; others see `network` actions of calls their organisation was invited to.
 */
export function visibleActionsWhere(viewer: Viewer): Prisma.CallActionWhereInput {
  if (!viewer) return NOTHING;
  if (isSecretariat(viewer)) return {};
  const own = ownOrganisationIds(viewer);
  return {
    OR: [
      { ownerOrganisationId: { in: own } },
      { ownerUserId: viewer.userId },
      { visibility: "network", call: { invitees: { some: { organisationId: { in: own } } } } },
    ],
  };
}

/** A person's and their organisations' actions ("My actions"). */
export function ownActionsWhere(viewer: Viewer): Prisma.CallActionWhereInput {
  if (!viewer) return NOTHING;
  return {
    OR: [{ ownerOrganisationId: { in: ownOrganisationIds(viewer) } }, { ownerUserId: viewer.userId }],
  };
}

/** Who may turn an action of kind `need` into a need draft: the owning coalition's members, the secretariat. */
export function canTurnIntoNeed(
  viewer: Viewer,
  action: { kind: string; ownerOrganisation: { id: string; kind: OrganisationKind } | null },
) {
  if (!viewer || action.kind !== "need" || !action.ownerOrganisation) return false;
  if (isSecretariat(viewer)) return true;
  return action.ownerOrganisation.kind === "COALITION" && isMemberOf(viewer, action.ownerOrganisation.id);
}

// ───────────── guests ─────────────

export type GuestState = "ok" | "revoked" | "expired" | "closed" | "cancelled";

/** Whether a guest's access to their call still holds. */
export function guestAccess(
  guest: { expiresAt: Date; revokedAt: Date | null },
  call: { status: string; followUpClosedAt: Date | null },
  now = new Date(),
): GuestState {
  if (guest.revokedAt) return "revoked";
  if (call.status === "cancelled") return "cancelled";
  if (call.followUpClosedAt && call.followUpClosedAt <= now) return "closed";
  if (guest.expiresAt <= now) return "expired";
  return "ok";
}

/** What a guest sees of a call's notes: network notes the secretariat shared with guests. */
export const guestNotesWhere: Prisma.CallNoteWhereInput = { visibility: "network", sharedWithGuests: true };
export const guestAgendaWhere: Prisma.CallAgendaItemWhereInput = { sharedWithGuests: true };
