import { afterAll, describe, expect, it } from "vitest";
import { closeWebRedis, ownReadyListeners, webRedis } from "~/utils/redis.server";
import { hit } from "~/utils/rate-limit.server";
import { checkReadiness } from "~/features/system/services/readiness.server";
import { loader as readyz } from "~/features/system/routes/readyz";
import { startRedisServer, waitFor } from "../support/processes";

// Read when the test runs (after the per-file setup), not at import.
let originalRedis: string | undefined;
afterAll(async () => {
  await closeWebRedis();
  if (originalRedis === undefined) delete process.env.REDIS_URL;
  else process.env.REDIS_URL = originalRedis;
});

describe("/readyz", () => {
  it("is ready with database and Redis up, and reports a stopped Redis as not ready", async () => {
    originalRedis = process.env.REDIS_URL;
    const redis = await startRedisServer();
    process.env.REDIS_URL = redis.url;
    await closeWebRedis();

    const ok = await readyz();
    expect(ok.status).toBe(200);
    const body = await ok.json();
    expect(body).toMatchObject({ status: "ready", checks: { database: { ok: true }, redis: { ok: true } } });

    await redis.stop();
    const started = Date.now();
    const down = await checkReadiness();
    expect(Date.now() - started).toBeLessThan(2_500); // the web side fails fast
    expect(down.status).toBe("not_ready");
    expect(down.checks.database.ok).toBe(true);
    expect(down.checks.redis.ok).toBe(false);
    const res = await readyz();
    expect(res.status).toBe(503);
  });

  it("waits for a Redis that is away with one listener, however many requests wait, and recovers", async () => {
    originalRedis ??= process.env.REDIS_URL;
    const redis = await startRedisServer();
    process.env.REDIS_URL = redis.url;
    await closeWebRedis();
    expect((await checkReadiness()).status).toBe("ready");

    await redis.stop();
    // Until the client has seen its socket close it still reports 'ready', and callers fail at once
    // instead of waiting: wait for it to notice, so that the requests below really wait.
    await waitFor(() => webRedis().status !== "ready", 5_000, 5);
    // Ours: one shared wait, however many callers. Besides it, ioredis adds a 'ready' listener of its own
    // for the length of each reconnection attempt (removed when the attempt fails), never more than one:
    // sampling the connection's total count therefore saw 2 whenever it fell inside an attempt.
    let mostOwn = 0;
    let mostOthers = 0;
    const sampler = setInterval(() => {
      const own = ownReadyListeners(webRedis());
      mostOwn = Math.max(mostOwn, own);
      mostOthers = Math.max(mostOthers, webRedis().listenerCount("ready") - own);
    }, 1);
    // A health probe every second through an outage, and rate-limited forms, all waiting at once.
    const waiting = await Promise.all([
      ...Array.from({ length: 15 }, () => checkReadiness()),
      ...Array.from({ length: 15 }, () => hit("signInIp", "203.0.113.7")),
    ]);
    clearInterval(sampler);
    expect(mostOwn).toBe(1);
    expect(mostOthers).toBeLessThanOrEqual(1);
    expect(waiting.slice(0, 15).every((r) => "status" in r && r.status === "not_ready")).toBe(true);
    expect(waiting.slice(15).every((r) => "ok" in r && r.ok)).toBe(true); // sign-in fails open

    const back = await startRedisServer(redis.port);
    try {
      await expect.poll(async () => (await checkReadiness()).status, { timeout: 10_000 }).toBe("ready");
      expect(webRedis().listenerCount("ready")).toBe(0);
    } finally {
      await back.stop();
    }
  });
});
