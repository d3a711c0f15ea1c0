import { describe, expect, it } from "vitest";
import { hashPassword } from "~/features/auth/services/password.server";
import { db } from "~/utils/db.server";
import { cookiesFrom, send } from "../support/app";
import { createNetwork, createUser } from "../support/factories";
import { createTestSession, enableTotpFor } from "../support/sessions";

describe("audit log page", () => {
  it("shows each person's organisation beside the name (issue 21)", async () => {
    const n = await createNetwork();
    await enableTotpFor(n.secretariatUser.id);
    const s = await createTestSession(n.secretariatUser.id, { twoFactorVerified: true });
    await db().auditEvent.create({
      data: { actorId: n.coalitionUser.id, action: "test.by_member", entityType: "thing" },
    });
    await db().auditEvent.create({
      data: {
        actorId: n.secretariatUser.id,
        organisationId: n.expert.id,
        action: "test.for_org",
        entityType: "thing",
      },
    });
    const member = await send("/secretariat/audit?action=test.by_member", { cookie: s.cookie });
    const rowsOf = (body: string) => body.slice(body.indexOf("<tbody"), body.indexOf("</tbody>"));
    const memberRows = rowsOf(member.body);
    expect(memberRows).toContain(n.coalitionUser.name);
    expect(memberRows).toContain(n.coalition.name);
    // An event recorded for an organisation names that one.
    const forOrg = await send("/secretariat/audit?action=test.for_org", { cookie: s.cookie });
    const orgRows = rowsOf(forOrg.body);
    expect(orgRows).toContain(n.expert.name);
    expect(orgRows).not.toContain(n.secretariat.name);
  });

  it("lists events newest first with filters and pagination, for the secretariat only", async () => {
    const n = await createNetwork();
    await enableTotpFor(n.secretariatUser.id);
    const s = await createTestSession(n.secretariatUser.id, { twoFactorVerified: true });
    const user = await createUser({ passwordHash: await hashPassword("a long and private passphrase") });
    const signedIn = await send("/login", {
      form: { email: user.email, password: "a long and private passphrase" },
    });
    await send("/logout", { cookie: cookiesFrom(signedIn), form: {} });
    for (let i = 0; i < 60; i++)
      await db().auditEvent.create({ data: { action: "test.bulk", entityType: "thing", entityId: `t${i}` } });

    const all = await send("/secretariat/audit?action=session.", { cookie: s.cookie });
    expect(all.status).toBe(200);
    const rows = all.body.slice(all.body.indexOf("<tbody"));
    const first = rows.indexOf("session.signed_out");
    const second = rows.indexOf("session.signed_in");
    expect(first).toBeGreaterThan(-1);
    expect(second).toBeGreaterThan(first); // newest first

    const byActor = await send(`/secretariat/audit?actor=${encodeURIComponent(user.email)}`, {
      cookie: s.cookie,
    });
    expect(byActor.body).toContain("session.signed_in");
    expect(byActor.body).not.toContain("test.bulk");
    const page1 = await send("/secretariat/audit?action=test.bulk", { cookie: s.cookie });
    expect(page1.body).toContain(">t59<");
    expect(page1.body).not.toContain(">t5<");
    const page2 = await send("/secretariat/audit?action=test.bulk&page=2", { cookie: s.cookie });
    expect(page2.body).toContain(">t5<");
    const entity = await send("/secretariat/audit?entityType=thing&entityId=t7", { cookie: s.cookie });
    expect(entity.body).toContain(">t7<");
    expect(entity.body).not.toContain(">t8<");
    const future = await send("/secretariat/audit?from=2099-01-01", { cookie: s.cookie });
    expect(future.body).not.toContain("test.bulk");
    const hostile = await send("/secretariat/audit?from=not-a-date&page=-3&actor=%27%20OR%201%3D1--", {
      cookie: s.cookie,
    });
    expect(hostile.status).toBe(200);
    // never editable: no form posts on the page, and the page has no action
    expect((await send("/secretariat/audit", { cookie: s.cookie, form: { intent: "delete" } })).status).toBe(
      405,
    );
    const other = await createTestSession(n.coalitionUser.id);
    expect((await send("/secretariat/audit", { cookie: other.cookie })).status).toBe(403);
  });
});

describe("personal data", () => {
  it("exports the user's own data as JSON, and deletes the account keeping the audit trail", async () => {
    const n = await createNetwork();
    const pw = "a long and private passphrase";
    const member = await createUser(
      { passwordHash: await hashPassword(pw), name: "Rosa Export" },
      { organisationId: n.coalition.id, role: "member" },
    );
    const s = await createTestSession(member.id);
    const exp = await send("/settings/data/export", { cookie: s.cookie });
    expect(exp.status).toBe(200);
    expect(exp.headers.get("content-type")).toContain("application/json");
    const json = JSON.parse(exp.body);
    expect(json.user.email).toBe(member.email);
    expect(JSON.stringify(json)).not.toContain("passwordHash");
    expect(JSON.stringify(json)).not.toContain(n.coalitionUser.email);

    const noConfirm = await send("/settings/data", { cookie: s.cookie, form: { currentPassword: pw } });
    expect(noConfirm.status).toBe(400);
    const wrong = await send("/settings/data", {
      cookie: s.cookie,
      form: { currentPassword: "wrong password", confirm: "on" },
    });
    expect(wrong.status).toBe(400);
    const del = await send("/settings/data", {
      cookie: s.cookie,
      form: { currentPassword: pw, confirm: "on" },
    });
    expect(del.status).toBe(302);
    const after = await db().user.findUniqueOrThrow({ where: { id: member.id } });
    expect(after.email).toBe(`deleted-${member.id}@invalid`);
    expect(after.name).toBe("Deleted user");
    expect(after.passwordHash).toBeNull();
    expect(after.totpSecret).toBeNull();
    expect(await db().session.count({ where: { userId: member.id } })).toBe(0);
    expect(await db().membership.count({ where: { userId: member.id } })).toBe(0);
    expect(await db().auditEvent.count({ where: { actorId: member.id } })).toBeGreaterThan(0);
    expect((await send("/settings", { cookie: s.cookie })).status).toBe(302);
  });

  it("refuses to delete the only admin of an organisation with other members", async () => {
    const n = await createNetwork();
    const pw = "a long and private passphrase";
    await db().user.update({
      where: { id: n.coalitionUser.id },
      data: { passwordHash: await hashPassword(pw) },
    });
    await createUser({}, { organisationId: n.coalition.id, role: "member" });
    const s = await createTestSession(n.coalitionUser.id);
    const res = await send("/settings/data", {
      cookie: s.cookie,
      form: { currentPassword: pw, confirm: "on" },
    });
    expect(res.status).toBe(409);
    expect((await db().user.findUniqueOrThrow({ where: { id: n.coalitionUser.id } })).deletedAt).toBeNull();
  });
});
