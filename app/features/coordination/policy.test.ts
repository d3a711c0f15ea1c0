import { describe, expect, it } from "vitest";
import type { Viewer } from "~/features/auth/policy";
import {
  activityVisible,
  callAccess,
  visibleActionsWhere,
  visibleActivitiesWhere,
  visibleCallsWhere,
  visibleNotesWhere,
  noteVisibilitiesFor,
  canContribute,
  canOrganise,
  canRemoveAgendaItem,
  canTurnIntoNeed,
  guestAccess,
  guestNotesWhere,
} from "./policy";

const member = (
  organisationId: string,
  kind: "COALITION" | "EXPERT" | "SECRETARIAT",
  vettingLevel: "unverified" | "verified" | "trusted" = "verified",
  twoFactorVerified = false,
): NonNullable<Viewer> => ({
  userId: "u",
  twoFactorVerified,
  memberships: [{ organisationId, kind, vettingLevel, role: "member" }],
});

const secretariat = member("sec", "SECRETARIAT", "verified", true);
const secretariatNo2fa = member("sec", "SECRETARIAT", "verified", false);
const coalition = member("coal", "COALITION");
const expert = member("exp", "EXPERT");
const unverified = member("new", "EXPERT", "unverified");

describe("coordination policy", () => {
  it("activities: network to verified members, secretariat-visibility to the secretariat and the owner", () => {
    const shared = { organisationId: "coal", visibility: "network" as const };
    const quiet = { organisationId: "coal", visibility: "secretariat" as const };
    expect([secretariat, coalition, expert, unverified, null].map((v) => activityVisible(v, shared))).toEqual(
      [true, true, true, false, false],
    );
    expect(
      [secretariat, secretariatNo2fa, coalition, expert, null].map((v) => activityVisible(v, quiet)),
    ).toEqual([true, false, true, false, false]);
    expect(visibleActivitiesWhere(secretariat)).toEqual({});
    expect(visibleActivitiesWhere(unverified)).toEqual({ organisationId: { in: ["new"] } });
    expect(visibleActivitiesWhere(null)).toEqual({ id: { in: [] } });
  });

  it("calls: the secretariat (2FA-verified) and members of invited organisations only", () => {
    expect(callAccess(secretariat, ["coal"])).toBe("secretariat");
    expect(callAccess(secretariatNo2fa, ["coal"])).toBe("none");
    expect(callAccess(coalition, ["coal"])).toBe("invitee");
    expect(callAccess(expert, ["coal"])).toBe("none");
    expect(callAccess(null, ["coal"])).toBe("none");
    expect(visibleCallsWhere(expert)).toEqual({ invitees: { some: { organisationId: { in: ["exp"] } } } });
  });

  it("notes: secretariat-only notes never reach invitees; actions reach their owner", () => {
    expect(visibleNotesWhere("secretariat")).toEqual({});
    expect(visibleNotesWhere("invitee")).toEqual({ visibility: "network" });
    expect(visibleNotesWhere("none")).toEqual({ id: { in: [] } });
    // Actions follow the rules of the call they belong to (never of the call being looked at).
    expect(visibleActionsWhere(secretariat)).toEqual({});
    expect(visibleActionsWhere(coalition)).toEqual({
      OR: [
        { ownerOrganisationId: { in: ["coal"] } },
        { ownerUserId: "u" },
        { visibility: "network", call: { invitees: { some: { organisationId: { in: ["coal"] } } } } },
      ],
    });
    expect(visibleActionsWhere(null)).toEqual({ id: { in: [] } });
  });
});

describe("participation rules", () => {
  it("invitees write network notes only; the secretariat writes both; nobody else writes", () => {
    expect(noteVisibilitiesFor("secretariat")).toEqual(["network", "secretariat"]);
    expect(noteVisibilitiesFor("invitee")).toEqual(["network"]);
    expect(noteVisibilitiesFor("none")).toEqual([]);
    expect(canContribute("invitee", { status: "scheduled" })).toBe(true);
    expect(canContribute("invitee", { status: "cancelled" })).toBe(false);
    expect(canContribute("none", { status: "scheduled" })).toBe(false);
    expect(canOrganise("invitee")).toBe(false);
    expect(canOrganise("secretariat")).toBe(true);
  });

  it("an agenda item is removed by its proposer or the secretariat", () => {
    expect(canRemoveAgendaItem(coalition, "invitee", { proposedById: "u" })).toBe(true);
    expect(canRemoveAgendaItem(coalition, "invitee", { proposedById: "other" })).toBe(false);
    expect(canRemoveAgendaItem(secretariat, "secretariat", { proposedById: "other" })).toBe(true);
  });

  it("the owning coalition or the secretariat turns an action of kind need into a need draft", () => {
    const owned = { kind: "need", ownerOrganisation: { id: "coal", kind: "COALITION" as const } };
    expect(canTurnIntoNeed(coalition, owned)).toBe(true);
    expect(canTurnIntoNeed(secretariat, owned)).toBe(true);
    expect(canTurnIntoNeed(expert, owned)).toBe(false);
    expect(canTurnIntoNeed(coalition, { ...owned, kind: "task" })).toBe(false);
    expect(canTurnIntoNeed(null, owned)).toBe(false);
  });

  it("a guest's access ends when revoked, when the call is cancelled, when its follow-up closes, or at expiry", () => {
    const now = new Date("2027-01-10T00:00:00Z");
    const guest = { expiresAt: new Date("2027-02-01T00:00:00Z"), revokedAt: null };
    const call = { status: "scheduled", followUpClosedAt: null };
    expect(guestAccess(guest, call, now)).toBe("ok");
    expect(guestAccess({ ...guest, revokedAt: now }, call, now)).toBe("revoked");
    expect(guestAccess(guest, { ...call, status: "cancelled" }, now)).toBe("cancelled");
    expect(guestAccess(guest, { status: "held", followUpClosedAt: now }, now)).toBe("closed");
    expect(guestAccess({ ...guest, expiresAt: now }, call, now)).toBe("expired");
    expect(guestNotesWhere).toEqual({ visibility: "network", sharedWithGuests: true });
  });
});
