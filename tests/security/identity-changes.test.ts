// Issue 15 (probe, medium): an organisation admin could rename a vetted organisation to a trusted
// organisation's name. After vetting, a change of name or coverage waits for the secretariat (audited),
// is not shown until approved, and is approved or refused from the secretariat's organisation page.
// Names refuse CR/LF (CSV exports, emails).
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { send } from "../support/app";
import { createNetwork, createOffer } from "../support/factories";
import { createTestSession, enableTotpFor } from "../support/sessions";

let n: Awaited<ReturnType<typeof createNetwork>>;
const cookies = { admin: "", coalition: "", secretariat: "" };

beforeAll(async () => {
  n = await createNetwork(); // the expert organisation is trusted
  await enableTotpFor(n.secretariatUser.id);
  cookies.admin = (await createTestSession(n.expertUser.id)).cookie;
  cookies.coalition = (await createTestSession(n.coalitionUser.id)).cookie;
  cookies.secretariat = (await createTestSession(n.secretariatUser.id, { twoFactorVerified: true })).cookie;
  await createOffer({ organisationId: n.expert.id, createdById: n.expertUser.id, title: "Identity offer" });
});

const profile = (name: string, extra: Record<string, string | string[]> = {}) => ({
  name,
  coverageRegions: ["latin_america_caribbean"],
  languages: ["es"],
  description: "New description",
  ...extra,
});

describe("a vetted organisation's change of name or coverage", () => {
  it("waits for the secretariat and is not shown until approved", async () => {
    const before = await db().organisation.findUniqueOrThrow({ where: { id: n.expert.id } });
    const res = await send(`/organisations/${n.expert.id}`, {
      cookie: cookies.admin,
      form: profile(n.coalition.name, { coverageGlobal: "on" }),
    });
    expect(res.status).toBe(302);
    expect(res.location).toContain("done=pending");
    const after = await db().organisation.findUniqueOrThrow({ where: { id: n.expert.id } });
    expect(after.name).toBe(before.name);
    expect(after.coverageGlobal).toBe(false);
    expect(after.pendingName).toBe(n.coalition.name);
    expect(after.pendingCoverageGlobal).toBe(true);
    expect(after.description).toBe("New description"); // the rest applies at once
    expect(
      await db().auditEvent.count({
        where: { action: "organisation.change_requested", entityId: n.expert.id },
      }),
    ).toBe(1);
    // Others still see the approved name on the board.
    const board = await send("/offers", { cookie: cookies.coalition });
    expect(board.body).toContain(before.name);
    // The admin sees the request; the secretariat sees it with approve/refuse.
    expect((await send(`/organisations/${n.expert.id}`, { cookie: cookies.admin })).body).toContain(
      "Change waiting for approval",
    );
    const page = await send(`/secretariat/organisations/${n.expert.id}`, { cookie: cookies.secretariat });
    expect(page.body).toContain("Approve the change");
    // Only the secretariat decides.
    const forged = await send(`/secretariat/organisations/${n.expert.id}`, {
      cookie: cookies.admin,
      form: { intent: "change", decision: "approve" },
    });
    expect(forged.status).toBe(403);
    expect((await db().organisation.findUniqueOrThrow({ where: { id: n.expert.id } })).name).toBe(
      before.name,
    );
  });

  it("is refused or approved by the secretariat, audited", async () => {
    const name = (await db().organisation.findUniqueOrThrow({ where: { id: n.expert.id } })).name;
    const refused = await send(`/secretariat/organisations/${n.expert.id}`, {
      cookie: cookies.secretariat,
      form: { intent: "change", decision: "refuse" },
    });
    expect(refused.status).toBe(302);
    let org = await db().organisation.findUniqueOrThrow({ where: { id: n.expert.id } });
    expect(org).toMatchObject({ name, pendingName: null, pendingChangeAt: null, coverageGlobal: false });
    // Deciding twice: nothing waits.
    const again = await send(`/secretariat/organisations/${n.expert.id}`, {
      cookie: cookies.secretariat,
      form: { intent: "change", decision: "approve" },
    });
    expect(again.status).toBe(409);

    await send(`/organisations/${n.expert.id}`, {
      cookie: cookies.admin,
      form: profile("Renamed Legal Clinic"),
    });
    const approved = await send(`/secretariat/organisations/${n.expert.id}`, {
      cookie: cookies.secretariat,
      form: { intent: "change", decision: "approve" },
    });
    expect(approved.status).toBe(302);
    org = await db().organisation.findUniqueOrThrow({ where: { id: n.expert.id } });
    expect(org).toMatchObject({ name: "Renamed Legal Clinic", pendingName: null, pendingChangeAt: null });
    for (const action of ["organisation.change_refused", "organisation.change_approved"])
      expect(await db().auditEvent.count({ where: { action, entityId: n.expert.id } })).toBe(1);
  });

  it("refuses names with line breaks or tabs", async () => {
    for (const bad of ['=HYPERLINK("http://x")\r\nsecond', "Tab\tname", "Line\nbreak"]) {
      const res = await send(`/organisations/${n.expert.id}`, { cookie: cookies.admin, form: profile(bad) });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body).toContain("one line");
    }
  });
});
