import { generate } from "otplib";
import { describe, expect, it } from "vitest";
import { hashPassword } from "~/features/auth/services/password.server";
import { db } from "~/utils/db.server";
import { cookiesFrom, send } from "../support/app";
import { createNetwork, createUser } from "../support/factories";
import { createTestSession } from "../support/sessions";

const PASSWORD = "lantern meadow quartz river";

async function setUp(userId: string) {
  const s = await createTestSession(userId);
  expect((await send("/settings/two-factor", { cookie: s.cookie, form: { intent: "start" } })).status).toBe(
    302,
  );
  const page = await send("/settings/two-factor", { cookie: s.cookie });
  expect(page.body).toContain("data:image/svg+xml;base64,");
  const { totpSecret } = await db().user.findUniqueOrThrow({ where: { id: userId } });
  const wrong = await send("/settings/two-factor", {
    cookie: s.cookie,
    form: { intent: "confirm", code: "000000" },
  });
  expect(wrong.status).toBe(400);
  const code = await generate({ secret: totpSecret! });
  const ok = await send("/settings/two-factor", { cookie: s.cookie, form: { intent: "confirm", code } });
  expect(ok.status).toBe(200);
  const codes = [...ok.body.matchAll(/<li>([A-Z2-9]{5}-[A-Z2-9]{5})<\/li>/g)].map((m) => m[1]);
  expect(codes).toHaveLength(10);
  return { secret: totpSecret!, codes, session: s };
}

describe("two-factor authentication", () => {
  it("sets up TOTP with recovery codes, challenges at sign-in, refuses wrong codes and replays", async () => {
    const user = await createUser({ passwordHash: await hashPassword(PASSWORD) });
    const { secret, codes } = await setUp(user.id);
    const row = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.totpEnabledAt).not.toBeNull();
    expect(await db().recoveryCode.count({ where: { userId: user.id } })).toBe(10);
    expect(JSON.stringify(await db().recoveryCode.findMany())).not.toContain(codes[0]);

    const login = await send("/login", { form: { email: user.email, password: PASSWORD } });
    expect(login.status).toBe(302);
    expect(login.location).toMatch(/^\/login\/two-factor/);
    const sessionsBefore = await db().session.count({ where: { userId: user.id } });
    const pending = cookiesFrom(login);
    expect(pending).toContain("__2fa=");
    expect(pending).not.toContain("__session=");

    const wrong = await send("/login/two-factor", { cookie: pending, form: { code: "123456" } });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toContain("That code is not valid");

    // the code used at setup was for the current step: replaying it is refused
    const replay = await send("/login/two-factor", {
      cookie: pending,
      form: { code: await generate({ secret }) },
    });
    expect(replay.status).toBe(400);

    const next = await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
    const ok = await send("/login/two-factor", {
      cookie: pending,
      form: { code: next, redirectTo: "/settings" },
    });
    expect(ok.status).toBe(302);
    expect(ok.location).toBe("/settings");
    expect(await db().session.count({ where: { userId: user.id } })).toBe(sessionsBefore + 1);
    const created = await db().session.findFirstOrThrow({
      where: { userId: user.id },
      orderBy: { createdAt: "desc" },
    });
    expect(created.twoFactorVerifiedAt).not.toBeNull();

    // the same code again (a second sign-in racing the first) is refused
    const login2 = await send("/login", { form: { email: user.email, password: PASSWORD } });
    const again = await send("/login/two-factor", { cookie: cookiesFrom(login2), form: { code: next } });
    expect(again.status).toBe(400);

    // a recovery code works once
    const rc = await send("/login/two-factor", {
      cookie: cookiesFrom(login2),
      form: { code: codes[3].toLowerCase() },
    });
    expect(rc.status).toBe(302);
    const login3 = await send("/login", { form: { email: user.email, password: PASSWORD } });
    const rcAgain = await send("/login/two-factor", {
      cookie: cookiesFrom(login3),
      form: { code: codes[3] },
    });
    expect(rcAgain.status).toBe(400);

    const actions = (
      await db().auditEvent.findMany({ where: { actorId: user.id }, select: { action: true } })
    ).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        "two_factor.enabled",
        "two_factor.failed",
        "two_factor.recovery_code_used",
        "session.signed_in",
      ]),
    );
  });

  it("refuses a forged pending cookie", async () => {
    const user = await createUser();
    const res = await send("/login/two-factor", {
      cookie: `__2fa=${user.id}.${Date.now() + 60_000}.${"A".repeat(43)}`,
      form: { code: "123456" },
    });
    expect(res.status).toBe(302);
    expect(res.location).toMatch(/^\/login/);
  });

  it("rate-limits second-factor attempts", async () => {
    const user = await createUser({ passwordHash: await hashPassword(PASSWORD) });
    await setUp(user.id);
    const login = await send("/login", { form: { email: user.email, password: PASSWORD } });
    const cookie = cookiesFrom(login);
    let last = 0;
    for (let i = 0; i < 6; i++)
      last = (await send("/login/two-factor", { cookie, form: { code: String(100000 + i) } })).status;
    expect(last).toBe(429);
  });

  it("requires 2FA for the secretariat: setup first, then a verified session", async () => {
    const n = await createNetwork();
    const s = await createTestSession(n.secretariatUser.id);
    const first = await send("/secretariat/audit", { cookie: s.cookie });
    expect(first.status).toBe(302);
    expect(first.location).toBe("/settings/two-factor?redirectTo=%2Fsecretariat%2Faudit");
    const { secret } = await setUp(n.secretariatUser.id);
    // the session used for setup is verified; an older session must step up
    const step = await send("/secretariat/audit", { cookie: s.cookie });
    expect(step.status).toBe(302);
    expect(step.location).toBe("/login/two-factor?redirectTo=%2Fsecretariat%2Faudit");
    const code = await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
    const verified = await send("/login/two-factor?redirectTo=%2Fsecretariat%2Faudit", {
      cookie: s.cookie,
      form: { code },
    });
    expect(verified.status).toBe(302);
    expect(verified.location).toBe("/secretariat/audit");
    expect((await send("/secretariat/audit", { cookie: s.cookie })).status).toBe(200);
    // secretariat members cannot turn it off
    const off = await send("/settings/two-factor", {
      cookie: s.cookie,
      form: { intent: "disable", code: "123456", currentPassword: "x" },
    });
    expect(off.status).toBe(409);
  });
});
