import { describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { hashPassword } from "~/features/auth/services/password.server";
import { ABSOLUTE_MS, IDLE_MS, TOUCH_MS } from "~/features/auth/services/session.server";
import { cookiesFrom, send } from "../support/app";
import { createNetwork, createUser } from "../support/factories";
import { createTestSession } from "../support/sessions";

const PASSWORD = "correct horse battery staple";

describe("sessions", () => {
  it("signs in with the right password, rotating the session, and signs out", async () => {
    const user = await createUser({ passwordHash: await hashPassword(PASSWORD) });
    const old = await createTestSession(user.id);
    const res = await send("/login", {
      form: { email: user.email.toUpperCase(), password: PASSWORD, redirectTo: "/settings" },
      cookie: old.cookie,
    });
    expect(res.status).toBe(302);
    expect(res.location).toBe("/settings");
    const setCookie = res.headers.getSetCookie().join("\n");
    expect(setCookie).toMatch(/__session=[A-Za-z0-9_-]{40,}; Path=\/; HttpOnly; SameSite=Lax/);
    // rotation: the old session is gone, a new one exists
    expect(await db().session.findUnique({ where: { id: old.id } })).toBeNull();
    expect(await db().session.count({ where: { userId: user.id } })).toBe(1);
    const cookie = cookiesFrom(res);
    const home = await send("/", { cookie });
    expect(home.status).toBe(200);
    expect(home.body).toContain(user.name);
    const events = await db().auditEvent.findMany({ where: { actorId: user.id }, select: { action: true } });
    expect(events.map((e) => e.action)).toContain("session.signed_in");

    const out = await send("/logout", { form: {}, cookie });
    expect(out.status).toBe(302);
    expect(out.headers.getSetCookie().join()).toContain("__session=;");
    expect(await db().session.count({ where: { userId: user.id } })).toBe(0);
    const after = await send("/", { cookie });
    expect(after.body).not.toContain(user.name);
  });

  it("answers the same generic error for an unknown email and a wrong password, and audits without the email", async () => {
    const user = await createUser({ passwordHash: await hashPassword(PASSWORD) });
    const wrong = await send("/login", { form: { email: user.email, password: "not the right password" } });
    const unknown = await send("/login", {
      form: { email: "nobody-here@example.org", password: "not the right password" },
    });
    expect(wrong.status).toBe(400);
    expect(unknown.status).toBe(400);
    const message = "That email and password do not match an account";
    expect(wrong.body).toContain(message);
    expect(unknown.body).toContain(message);
    expect(wrong.body).not.toContain("not the right password");
    const failed = await db().auditEvent.findMany({ where: { action: "session.sign_in_failed" } });
    expect(failed).toHaveLength(2);
    expect(JSON.stringify(failed.map((e) => [e.entityId, e.metadata]))).not.toContain("nobody-here");
    expect(failed.find((e) => e.entityId === user.id)).toBeTruthy();
  });

  it("ends idle and absolutely expired sessions, and refreshes lastSeenAt only now and then", async () => {
    const { coalitionUser } = await createNetwork();
    const now = Date.now();
    const idle = await createTestSession(coalitionUser.id, { lastSeenAt: new Date(now - IDLE_MS - 1000) });
    const expired = await createTestSession(coalitionUser.id, { expiresAt: new Date(now - 1000) });
    for (const s of [idle, expired]) {
      const res = await send("/settings", { cookie: s.cookie });
      expect(res.status).toBe(302);
      expect(res.location).toBe("/login?redirectTo=%2Fsettings");
      expect(await db().session.findUnique({ where: { id: s.id } })).toBeNull();
    }
    const fresh = await createTestSession(coalitionUser.id, { lastSeenAt: new Date(now - 60_000) });
    await send("/", { cookie: fresh.cookie });
    const f = await db().session.findUniqueOrThrow({ where: { id: fresh.id } });
    expect(f.lastSeenAt.getTime()).toBe(now - 60_000 - (now - 60_000 - f.lastSeenAt.getTime()));
    expect(Math.abs(f.lastSeenAt.getTime() - (now - 60_000))).toBeLessThan(5);
    const stale = await createTestSession(coalitionUser.id, {
      lastSeenAt: new Date(now - TOUCH_MS - 60_000),
    });
    await send("/", { cookie: stale.cookie });
    const s = await db().session.findUniqueOrThrow({ where: { id: stale.id } });
    expect(s.lastSeenAt.getTime()).toBeGreaterThan(now - 5_000);
    expect(ABSOLUTE_MS).toBeGreaterThan(IDLE_MS);
  });

  it("signs out everywhere", async () => {
    const user = await createUser();
    const a = await createTestSession(user.id);
    await createTestSession(user.id);
    const res = await send("/logout", { form: { intent: "everywhere" }, cookie: a.cookie });
    expect(res.status).toBe(302);
    expect(await db().session.count({ where: { userId: user.id } })).toBe(0);
    const event = await db().auditEvent.findFirstOrThrow({
      where: { action: "session.signed_out_everywhere" },
    });
    expect(event.actorId).toBe(user.id);
  });

  it("ignores tampered cookies", async () => {
    const res = await send("/settings", { cookie: "__session=" + "A".repeat(43) });
    expect(res.status).toBe(302);
  });

  it("lists the user's sessions and revokes one, or all others; changing the password ends the others", async () => {
    const user = await createUser({ passwordHash: await hashPassword(PASSWORD) });
    const here = await createTestSession(user.id);
    const phone = await createTestSession(user.id);
    const laptop = await createTestSession(user.id);
    const stranger = await createTestSession((await createUser()).id);
    const list = await send("/settings/sessions", { cookie: here.cookie });
    expect(list.status).toBe(200);
    for (const s of [here, phone, laptop]) expect(list.body).toContain(s.id);
    expect(list.body).not.toContain(stranger.id);
    // someone else's session cannot be revoked through this form
    await send("/settings/sessions", {
      cookie: here.cookie,
      form: { intent: "revoke", sessionId: stranger.id },
    });
    expect(await db().session.count({ where: { id: stranger.id } })).toBe(1);
    const revoked = await send("/settings/sessions", {
      cookie: here.cookie,
      form: { intent: "revoke", sessionId: phone.id },
    });
    expect(revoked.status).toBe(302);
    expect(await db().session.count({ where: { id: phone.id } })).toBe(0);
    expect((await send("/settings", { cookie: phone.cookie })).status).toBe(302);
    expect(await db().auditEvent.count({ where: { action: "session.revoked", actorId: user.id } })).toBe(1);

    const wrong = await send("/settings/password", {
      cookie: here.cookie,
      form: {
        currentPassword: "not it at all",
        password: "new secret phrase words",
        confirmPassword: "new secret phrase words",
      },
    });
    expect(wrong.status).toBe(400);
    const common = await send("/settings/password", {
      cookie: here.cookie,
      form: { currentPassword: PASSWORD, password: "qwertyuiop123", confirmPassword: "qwertyuiop123" },
    });
    expect(common.status).toBe(400);
    expect(common.body).toContain("too common");
    const changed = await send("/settings/password", {
      cookie: here.cookie,
      form: {
        currentPassword: PASSWORD,
        password: "new secret phrase words",
        confirmPassword: "new secret phrase words",
      },
    });
    expect(changed.status).toBe(302);
    expect(await db().session.count({ where: { userId: user.id } })).toBe(1);
    expect(await db().session.count({ where: { id: here.id } })).toBe(1);

    await createTestSession(user.id);
    const others = await send("/settings/sessions", { cookie: here.cookie, form: { intent: "others" } });
    expect(others.status).toBe(302);
    expect(await db().session.count({ where: { userId: user.id } })).toBe(1);
  });
});

describe("housekeeping", () => {
  it("purges expired sessions and long-dead tokens, and nothing live", async () => {
    const { purgeExpired } = await import("~/features/auth/services/housekeeping.server");
    const user = await createUser();
    const now = Date.now();
    const live = await createTestSession(user.id);
    const idle = await createTestSession(user.id, { lastSeenAt: new Date(now - IDLE_MS - 1000) });
    const old = await createTestSession(user.id, { expiresAt: new Date(now - 1000) });
    await db().userToken.create({
      data: {
        userId: user.id,
        purpose: "password_reset",
        tokenHash: "dead".padEnd(64, "0"),
        expiresAt: new Date(now - 40 * 24 * 3600_000),
      },
    });
    await db().userToken.create({
      data: {
        userId: user.id,
        purpose: "password_reset",
        tokenHash: "live".padEnd(64, "0"),
        expiresAt: new Date(now + 3600_000),
      },
    });
    const result = await purgeExpired(db());
    expect(result.sessions).toBeGreaterThanOrEqual(2);
    expect(await db().session.count({ where: { id: { in: [idle.id, old.id] } } })).toBe(0);
    expect(await db().session.count({ where: { id: live.id } })).toBe(1);
    expect(await db().userToken.count({ where: { userId: user.id } })).toBe(1);
    expect(await purgeExpired(db())).toMatchObject({ tokens: 0 });
  });
});
