import { describe, expect, it } from "vitest";
import type { Viewer } from "~/features/auth/policy";
import {
  activityVisible,
  callAccess,
  visibleActionsWhere,
  visibleActivitiesWhere,
  visibleCallsWhere,
  visibleNotesWhere,
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
    expect(visibleActionsWhere(coalition, "invitee")).toEqual({
      OR: [{ visibility: "network" }, { ownerOrganisationId: { in: ["coal"] } }],
    });
    expect(visibleActionsWhere(coalition, "none")).toEqual({ id: { in: [] } });
  });
});
