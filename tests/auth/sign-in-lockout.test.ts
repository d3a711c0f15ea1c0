// Issue 15, "lockout from shared addresses": the per-IP limit used to count successful sign-ins, so one Tor
// exit or office NAT locked out everyone behind it, and ten wrong passwords locked any account — the
// secretariat's included — for 15 minutes. Now only failures count, per account and per address, with a
// progressive delay, and the owner on a known device with the right password always gets in (ADR 0004).
import { describe, expect, it } from "vitest";
import { hashPassword } from "~/features/auth/services/password.server";
import { failureKey, signInThrottle } from "~/features/auth/services/sign-in-throttle.server";
import { webRedis } from "~/utils/redis.server";
import { cookiesFrom, send } from "../support/app";
import { createUser } from "../support/factories";

const password = "a long enough secret phrase";

async function redis() {
  const r = webRedis();
  if (r.status !== "ready") await new Promise((resolve) => r.once("ready", resolve));
  return r;
}

describe("sign-in from shared addresses", () => {
  it("many successful sign-ins from one address never lock the others behind it out", async () => {
    const exit = "198.51.100.20"; // one Tor exit, a whole office behind one NAT
    const members = await Promise.all(
      Array.from({ length: 4 }, async () => createUser({ passwordHash: await hashPassword(password) })),
    );
    // 60 sign-ins (the old per-address limit was 50 per 15 minutes, successes included).
    for (let i = 0; i < 60; i++) {
      const res = await send("/login", { form: { email: members[i % 3]!.email, password }, ip: exit });
      expect(res.status, `sign-in ${i + 1}`).toBe(302);
    }
    const newcomer = await send("/login", { form: { email: members[3]!.email, password }, ip: exit });
    expect(newcomer.status).toBe(302);
    expect(await (await redis()).exists(failureKey("address", exit))).toBe(0);
  }, 120_000);

  it("failures delay the next try, more with each failure past the allowance", async () => {
    const user = await createUser({ passwordHash: await hashPassword(password) });
    const free = signInThrottle.account.freeFailures;
    for (let i = 0; i < free; i++) {
      const res = await send("/login", { form: { email: user.email, password: "wrong" }, ip: `10.7.0.${i}` });
      expect(res.status).toBe(400); // within the allowance: answered at once
    }
    const last = await send("/login", { form: { email: user.email, password: "wrong" }, ip: "10.7.1.1" });
    expect(last.status).toBe(400);
    const held = await send("/login", { form: { email: user.email, password }, ip: "10.7.1.2" });
    expect(held.status).toBe(429);
    const first = Number(held.headers.get("retry-after"));
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(2);
    // Once the wait is over (moved back in time here), one more failure doubles it.
    const key = failureKey("account", user.email);
    await (await redis()).hset(key, "last", String(Date.now() - 10_000));
    expect(
      (await send("/login", { form: { email: user.email, password: "wrong" }, ip: "10.7.1.3" })).status,
    ).toBe(400);
    const longer = await send("/login", { form: { email: user.email, password }, ip: "10.7.1.4" });
    expect(longer.status).toBe(429);
    expect(Number(longer.headers.get("retry-after"))).toBeGreaterThan(first);
    // Never a long hard lock: the cap is the most anyone waits.
    expect(Number(longer.headers.get("retry-after"))).toBeLessThanOrEqual(
      signInThrottle.account.maxDelaySeconds,
    );
  });

  it("ten wrong passwords from elsewhere do not keep the owner out on a known device with the right password", async () => {
    const owner = await createUser({ passwordHash: await hashPassword(password) });
    // The owner signed in from this browser before: it keeps the known-device mark.
    const before = await send("/login", { form: { email: owner.email, password }, ip: "203.0.113.5" });
    expect(before.status).toBe(302);
    const device = cookiesFrom(before)
      .split("; ")
      .filter((c) => c.startsWith("__device="))
      .join("; ");
    expect(device).toMatch(/^__device=/);
    expect(device).not.toContain(owner.id);
    // Someone else tries ten wrong passwords.
    for (let i = 0; i < 10; i++) {
      await send("/login", { form: { email: owner.email, password: "guess " + i }, ip: `192.0.2.${i + 1}` });
    }
    // A browser without the mark waits, right password or not…
    const stranger = await send("/login", { form: { email: owner.email, password }, ip: "203.0.113.5" });
    expect(stranger.status).toBe(429);
    // …the owner's known device with the right password gets in, from the same address.
    const back = await send("/login", {
      cookie: device,
      form: { email: owner.email, password },
      ip: "203.0.113.5",
    });
    expect(back.status).toBe(302);
    expect(back.headers.getSetCookie().some((c) => c.startsWith("__session="))).toBe(true);
    // A known device is throttled by its own failures (a stolen laptop cannot guess freely).
    for (let i = 0; i < signInThrottle.knownDevice.freeFailures + 1; i++)
      await send("/login", {
        cookie: device,
        form: { email: owner.email, password: "no" },
        ip: "203.0.113.5",
      });
    const stolen = await send("/login", {
      cookie: device,
      form: { email: owner.email, password },
      ip: "203.0.113.5",
    });
    expect(stolen.status).toBe(429);
    // A mark for another account proves nothing.
    const other = await createUser({ passwordHash: await hashPassword(password) });
    for (let i = 0; i < 10; i++)
      await send("/login", { form: { email: other.email, password: "guess " + i }, ip: `192.0.2.${i + 50}` });
    expect((await send("/login", { cookie: device, form: { email: other.email, password } })).status).toBe(
      429,
    );
  }, 120_000);
});
