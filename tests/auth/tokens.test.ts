// Invitations, password reset and email verification: single-use, expiring, tamper-proof links.
import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "~/features/auth/services/password.server";
import { db } from "~/utils/db.server";
import { cookiesFrom, send } from "../support/app";
import { linkFrom } from "../support/emails";
import { createNetwork, createUser } from "../support/factories";
import { createTestSession, enableTotpFor } from "../support/sessions";

const STRONG = "tangerine orbit velvet canyon";

function tamper(path: string) {
  const last = path.at(-1) === "A" ? "B" : "A";
  return path.slice(0, -1) + last;
}

describe("invitations", () => {
  it("lets the secretariat invite a new organisation whose admin accepts once, and audits it", async () => {
    const n = await createNetwork();
    await enableTotpFor(n.secretariatUser.id);
    const s = await createTestSession(n.secretariatUser.id, { twoFactorVerified: true });
    const res = await send("/secretariat/organisations/new", {
      cookie: s.cookie,
      form: { kind: "EXPERT", name: "Digital Defenders <b>Lab</b>", email: "Founder@Example.org" },
    });
    expect(res.status).toBe(302);
    const org = await db().organisation.findFirstOrThrow({ where: { name: "Digital Defenders <b>Lab</b>" } });
    expect(org.vettingLevel).toBe("unverified");
    const invitation = await db().invitation.findFirstOrThrow({ where: { organisationId: org.id } });
    expect(invitation.email).toBe("founder@example.org");
    expect(invitation.role).toBe("admin");
    const path = await linkFrom("invitation", "inviteUrl", "founder@example.org");
    expect(invitation.tokenHash).not.toContain(path.split("/").at(-1)!);

    const page = await send(path);
    expect(page.status).toBe(200);
    expect(page.body).toContain("Digital Defenders &lt;b&gt;Lab&lt;/b&gt;");
    expect(page.body).not.toContain("<b>Lab</b>");

    const weak = await send(path, {
      form: { name: "Ana", password: "password1234", confirmPassword: "password1234" },
    });
    expect(weak.status).toBe(400);
    expect(weak.body).toContain("too common");

    const accepted = await send(path, {
      form: { name: "Ana Pérez", password: STRONG, confirmPassword: STRONG },
    });
    expect(accepted.status).toBe(302);
    expect(accepted.location).toBe(`/organisations/${org.id}?done=joined`);
    const user = await db().user.findUniqueOrThrow({ where: { email: "founder@example.org" } });
    expect(user.emailVerifiedAt).not.toBeNull();
    expect(await verifyPassword(user.passwordHash, STRONG)).toBe(true);
    const membership = await db().membership.findUniqueOrThrow({
      where: { userId_organisationId: { userId: user.id, organisationId: org.id } },
    });
    expect(membership.role).toBe("admin");
    const profile = await send(`/organisations/${org.id}`, { cookie: cookiesFrom(accepted) });
    expect(profile.status).toBe(200);
    expect(profile.body).toContain("not verified this organisation yet");

    // reused
    const again = await send(path, { form: { name: "Mallory", password: STRONG, confirmPassword: STRONG } });
    expect(again.status).toBe(410);
    expect((await send(path)).status).toBe(410);
    const actions = (
      await db().auditEvent.findMany({ where: { organisationId: org.id }, select: { action: true } })
    ).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(["organisation.created", "invitation.created", "invitation.accepted"]),
    );
  });

  it("refuses tampered and expired invitation links", async () => {
    const n = await createNetwork();
    const admin = await createTestSession(n.coalitionUser.id);
    const res = await send(`/organisations/${n.coalition.id}/members`, {
      cookie: admin.cookie,
      form: { intent: "invite", email: "colleague@example.org", role: "member" },
    });
    expect(res.status).toBe(302);
    const path = await linkFrom("invitation", "inviteUrl", "colleague@example.org");
    expect((await send(tamper(path))).status).toBe(410);
    expect((await send("/invitations/not-a-token")).status).toBe(410);
    await db().invitation.updateMany({
      where: { email: "colleague@example.org" },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await send(path)).status).toBe(410);
    const post = await send(path, { form: { name: "Late", password: STRONG, confirmPassword: STRONG } });
    expect(post.status).toBe(410);
    expect(await db().user.findUnique({ where: { email: "colleague@example.org" } })).toBeNull();
  });

  it("lets an existing account join with its own session, and only the invited account", async () => {
    const n = await createNetwork();
    const admin = await createTestSession(n.expertUser.id);
    await send(`/organisations/${n.expert.id}/members`, {
      cookie: admin.cookie,
      form: { intent: "invite", email: n.coalitionUser.email, role: "member" },
    });
    const path = await linkFrom("invitation", "inviteUrl", n.coalitionUser.email);
    const visitor = await send(path);
    expect(visitor.body).toContain("An account already exists");
    const other = await createTestSession(n.secretariatUser.id);
    const wrong = await send(path, { cookie: other.cookie, form: { intent: "join" } });
    expect(wrong.status).toBe(410);
    const mine = await createTestSession(n.coalitionUser.id);
    const joined = await send(path, { cookie: mine.cookie, form: { intent: "join" } });
    expect(joined.status).toBe(302);
    expect(await db().membership.count({ where: { userId: n.coalitionUser.id } })).toBe(2);
  });

  it("refuses invitations from non-admins", async () => {
    const n = await createNetwork();
    const member = await createUser({}, { organisationId: n.coalition.id, role: "member" });
    const s = await createTestSession(member.id);
    const res = await send(`/organisations/${n.coalition.id}/members`, {
      cookie: s.cookie,
      form: { intent: "invite", email: "x@example.org", role: "admin" },
    });
    expect(res.status).toBe(403);
    expect(await db().invitation.count({ where: { email: "x@example.org" } })).toBe(0);
  });
});

describe("password reset", () => {
  it("sends a single-use link, sets the password and ends every session", async () => {
    const user = await createUser({ passwordHash: await hashPassword("old password that is long") });
    const s1 = await createTestSession(user.id);
    const req = await send("/forgot-password", { form: { email: user.email } });
    expect(req.status).toBe(302);
    const unknown = await send("/forgot-password", { form: { email: "nobody@example.org" } });
    expect(unknown.status).toBe(302);
    expect(unknown.location).toBe(req.location);
    const path = await linkFrom("password_reset", "resetUrl", user.email);
    expect((await send(path)).status).toBe(200);
    expect((await send(tamper(path))).status).toBe(410);
    const tampered = await send(tamper(path), { form: { password: STRONG, confirmPassword: STRONG } });
    expect(tampered.status).toBe(410);
    const mismatch = await send(path, { form: { password: STRONG, confirmPassword: STRONG + "x" } });
    expect(mismatch.status).toBe(400);
    const done = await send(path, { form: { password: STRONG, confirmPassword: STRONG } });
    expect(done.status).toBe(302);
    expect(done.location).toBe("/login?done=reset");
    expect(await db().session.findUnique({ where: { id: s1.id } })).toBeNull();
    const row = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(row.passwordHash, STRONG)).toBe(true);
    const reused = await send(path, {
      form: { password: "another long passphrase", confirmPassword: "another long passphrase" },
    });
    expect(reused.status).toBe(410);
    expect((await db().auditEvent.findMany({ where: { entityId: user.id } })).map((e) => e.action)).toContain(
      "user.password_reset",
    );
  });

  it("refuses an expired link", async () => {
    const user = await createUser();
    await send("/forgot-password", { form: { email: user.email } });
    const path = await linkFrom("password_reset", "resetUrl", user.email);
    await db().userToken.updateMany({
      where: { userId: user.id },
      data: { expiresAt: new Date(Date.now() - 1) },
    });
    expect((await send(path)).status).toBe(410);
    expect((await send(path, { form: { password: STRONG, confirmPassword: STRONG } })).status).toBe(410);
  });
});

describe("email change verification", () => {
  it("changes the address only when the link sent to the new address is used, once", async () => {
    const user = await createUser({ passwordHash: await hashPassword(STRONG) });
    const s = await createTestSession(user.id);
    const wrongPw = await send("/settings?index", {
      cookie: s.cookie,
      form: { intent: "email", newEmail: "new@example.org", currentPassword: "wrong password here" },
    });
    expect(wrongPw.status).toBe(400);
    const res = await send("/settings?index", {
      cookie: s.cookie,
      form: { intent: "email", newEmail: "New@Example.org", currentPassword: STRONG },
    });
    expect(res.status).toBe(302);
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(user.email);
    const path = await linkFrom("email_change", "verifyUrl", "new@example.org");
    expect((await send(path)).status).toBe(200); // GET does not consume (mail scanners open links)
    expect((await send(tamper(path), { form: {} })).status).toBe(410);
    const ok = await send(path, { form: {} });
    expect(ok.status).toBe(302);
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe("new@example.org");
    expect((await send(path, { form: {} })).status).toBe(410);
  });

  it("refuses an expired link", async () => {
    const user = await createUser({ passwordHash: await hashPassword(STRONG) });
    const s = await createTestSession(user.id);
    await send("/settings?index", {
      cookie: s.cookie,
      form: { intent: "email", newEmail: "later@example.org", currentPassword: STRONG },
    });
    const path = await linkFrom("email_change", "verifyUrl", "later@example.org");
    await db().userToken.updateMany({
      where: { userId: user.id },
      data: { expiresAt: new Date(Date.now() - 1) },
    });
    expect((await send(path, { form: {} })).status).toBe(410);
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(user.email);
  });
});
