import { describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { send } from "../support/app";
import { createNetwork, createOrganisation, createUser } from "../support/factories";
import { createTestSession, enableTotpFor } from "../support/sessions";

describe("organisations", () => {
  it("lets an admin edit the profile (kind fixed) and refuses members and outsiders", async () => {
    const n = await createNetwork();
    // Before vetting, a profile's name and coverage change at once (after vetting they wait for the
    // secretariat: tests/organisations/identity-changes.test.ts).
    await db().organisation.update({ where: { id: n.expert.id }, data: { vettingLevel: "unverified" } });
    const admin = await createTestSession(n.expertUser.id);
    const res = await send(`/organisations/${n.expert.id}`, {
      cookie: admin.cookie,
      form: {
        name: "Legal Help Network",
        kind: "COALITION",
        coverageRegions: ["europe_central_asia", "sub_saharan_africa"],
        coverageCountries: ["MX"],
        languages: ["es", "fr"],
        description: "<script>alert(1)</script>",
        website: "https://example.org",
      },
    });
    expect(res.status).toBe(302);
    const org = await db().organisation.findUniqueOrThrow({ where: { id: n.expert.id } });
    expect(org.kind).toBe("EXPERT");
    expect(org.name).toBe("Legal Help Network");
    expect(org.coverageRegions).toEqual(["europe_central_asia", "sub_saharan_africa"]);
    expect(org.languages).toEqual(["es", "fr"]);
    const page = await send(`/organisations/${n.expert.id}`, { cookie: admin.cookie });
    expect(page.body).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(page.body).not.toContain("<script>alert(1)</script>");

    const bad = await send(`/organisations/${n.expert.id}`, {
      cookie: admin.cookie,
      form: { name: "X", website: "javascript:alert(1)", languages: ["xx"] },
    });
    expect(bad.status).toBe(400);
    const member = await createUser({}, { organisationId: n.expert.id, role: "member" });
    const m = await createTestSession(member.id);
    expect(
      (await send(`/organisations/${n.expert.id}`, { cookie: m.cookie, form: { name: "Hijacked" } })).status,
    ).toBe(403);
    const outsider = await createTestSession(n.coalitionUser.id);
    expect(
      (await send(`/organisations/${n.expert.id}`, { cookie: outsider.cookie, form: { name: "Hijacked" } }))
        .status,
    ).toBe(403);
    expect((await db().organisation.findUniqueOrThrow({ where: { id: n.expert.id } })).name).toBe(
      "Legal Help Network",
    );
    expect(
      await db().auditEvent.count({
        where: { action: "organisation.profile_updated", entityId: n.expert.id },
      }),
    ).toBe(1);
  });

  it("keeps the last admin: cannot leave, be removed or demoted; others can", async () => {
    const n = await createNetwork();
    const admin = await createTestSession(n.coalitionUser.id);
    const leave = await send(`/organisations/${n.coalition.id}/members`, {
      cookie: admin.cookie,
      form: { intent: "leave" },
    });
    expect(leave.status).toBe(409);
    const demote = await send(`/organisations/${n.coalition.id}/members`, {
      cookie: admin.cookie,
      form: { intent: "role", userId: n.coalitionUser.id, role: "member" },
    });
    expect(demote.status).toBe(409);
    const colleague = await createUser({}, { organisationId: n.coalition.id, role: "member" });
    const promote = await send(`/organisations/${n.coalition.id}/members`, {
      cookie: admin.cookie,
      form: { intent: "role", userId: colleague.id, role: "admin" },
    });
    expect(promote.status).toBe(302);
    const left = await send(`/organisations/${n.coalition.id}/members`, {
      cookie: admin.cookie,
      form: { intent: "leave" },
    });
    expect(left.status).toBe(302);
    expect(await db().membership.count({ where: { organisationId: n.coalition.id } })).toBe(1);
    const actions = (await db().auditEvent.findMany({ where: { organisationId: n.coalition.id } })).map(
      (e) => e.action,
    );
    expect(actions).toEqual(expect.arrayContaining(["membership.role_changed", "membership.left"]));
  });

  it("lets the 2FA-verified secretariat vet organisations, recording who and when", async () => {
    const n = await createNetwork();
    const org = await createOrganisation({ kind: "COALITION", vettingLevel: "unverified", vettedAt: null });
    await enableTotpFor(n.secretariatUser.id);
    const s = await createTestSession(n.secretariatUser.id, { twoFactorVerified: true });
    const res = await send(`/secretariat/organisations/${org.id}`, {
      cookie: s.cookie,
      form: { vettingLevel: "trusted", note: "Known to the network since 2019" },
    });
    expect(res.status).toBe(302);
    const after = await db().organisation.findUniqueOrThrow({ where: { id: org.id } });
    expect(after.vettingLevel).toBe("trusted");
    expect(after.vettedById).toBe(n.secretariatUser.id);
    expect(after.vettedAt).not.toBeNull();
    const event = await db().auditEvent.findFirstOrThrow({
      where: { action: "organisation.vetted", entityId: org.id },
    });
    expect(event.metadata).toEqual({ from: "unverified", to: "trusted" });
    const bad = await send(`/secretariat/organisations/${org.id}`, {
      cookie: s.cookie,
      form: { vettingLevel: "supreme" },
    });
    expect(bad.status).toBe(400);
    const other = await createTestSession(n.coalitionUser.id);
    expect(
      (
        await send(`/secretariat/organisations/${org.id}`, {
          cookie: other.cookie,
          form: { vettingLevel: "trusted" },
        })
      ).status,
    ).toBe(403);
    const list = await send("/secretariat/organisations?vetting=trusted", { cookie: s.cookie });
    expect(list.status).toBe(200);
    expect(list.body).toContain(org.name);
  });

  it("switches the active organisation only to one the user belongs to", async () => {
    const n = await createNetwork();
    await db().membership.create({ data: { userId: n.coalitionUser.id, organisationId: n.expert.id } });
    const s = await createTestSession(n.coalitionUser.id);
    const page = await send(`/organisations/${n.expert.id}`, { cookie: s.cookie });
    expect(page.body).toContain(`Work as ${n.expert.name}`);
    const res = await send("/organisation", {
      cookie: s.cookie,
      form: { organisationId: n.expert.id, redirectTo: "/needs" },
    });
    expect(res.status).toBe(302);
    expect((await db().session.findUniqueOrThrow({ where: { id: s.id } })).activeOrganisationId).toBe(
      n.expert.id,
    );
    expect(
      await db().auditEvent.count({
        where: { action: "session.organisation_switched", actorId: n.coalitionUser.id },
      }),
    ).toBe(1);
    const mine = await send("/organisation", { cookie: s.cookie });
    expect(mine.location).toBe(`/organisations/${n.expert.id}`);
    expect(
      (await send("/organisation", { cookie: s.cookie, form: { organisationId: n.secretariat.id } })).status,
    ).toBe(403);
  });
});
