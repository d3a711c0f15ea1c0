import { describe, expect, it } from "vitest";
import { hit, rateKey, rateRules } from "~/utils/rate-limit.server";
import { hashPassword } from "~/features/auth/services/password.server";
import { closeWebRedis, webRedis } from "~/utils/redis.server";
import { send } from "../support/app";
import { createUser } from "../support/factories";

async function redis() {
  const r = webRedis();
  if (r.status !== "ready") await new Promise((resolve) => r.once("ready", resolve));
  return r;
}

describe("rate limits", () => {
  it("answers 429 with Retry-After and a translated message after too many sign-in attempts on one account", async () => {
    const user = await createUser({ passwordHash: await hashPassword("a long enough secret phrase") });
    const limit = rateRules.signInAccount.limit;
    for (let i = 0; i < limit; i++) {
      const res = await send("/login", {
        form: { email: user.email, password: "wrong password attempt" },
        ip: `10.0.0.${i}`,
      });
      expect(res.status).toBe(400);
    }
    const blocked = await send("/login", {
      form: { email: user.email, password: "a long enough secret phrase" },
      ip: "10.0.1.1",
    });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(blocked.body).toContain("Too many attempts");
    const es = await send("/login", {
      form: { email: user.email, password: "x" },
      headers: { "Accept-Language": "es" },
    });
    expect(es.status).toBe(429);
    expect(es.body).toContain("Demasiados intentos");
    // keys are namespaced and hold no email
    const keys = await (await redis()).keys(`${process.env.REDIS_PREFIX}:rl:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join()).not.toContain(user.email);
    expect(keys).toContain(rateKey("signInAccount", user.email));
  });

  it("a successful sign-in clears the account's counter, so earlier mistakes do not count against the next ones", async () => {
    const user = await createUser({ passwordHash: await hashPassword("a long enough secret phrase") });
    for (let i = 0; i < 3; i++) {
      const res = await send("/login", {
        form: { email: user.email, password: "wrong password attempt" },
        ip: `10.0.2.${i}`,
      });
      expect(res.status).toBe(400);
    }
    const key = rateKey("signInAccount", user.email);
    expect(await (await redis()).get(key)).toBe("3");
    const ok = await send("/login", {
      form: { email: user.email, password: "a long enough secret phrase" },
      ip: "10.0.2.9",
    });
    expect(ok.status).toBe(302);
    expect(await (await redis()).exists(key)).toBe(0);
  });

  it("limits per IP across accounts", async () => {
    const limit = rateRules.signInIp.limit;
    const key = rateKey("signInIp", "192.0.2.7");
    await (await redis()).set(key, String(limit), "PX", 60_000);
    const res = await send("/login", {
      form: { email: "someone@example.org", password: "whatever it is" },
      ip: "192.0.2.7",
    });
    expect(res.status).toBe(429);
  });

  it("fails open for sign-in and closed for second factors when Redis is unreachable", async () => {
    const url = process.env.REDIS_URL;
    await closeWebRedis();
    process.env.REDIS_URL = "redis://127.0.0.1:1/0";
    try {
      expect(await hit("signInAccount", "a@example.org")).toEqual({ ok: true });
      const r = await hit("twoFactorAccount", "user-1");
      expect(r.ok).toBe(false);
    } finally {
      await closeWebRedis();
      process.env.REDIS_URL = url;
    }
  });
});
