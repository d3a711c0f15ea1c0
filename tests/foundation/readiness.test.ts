import { afterAll, describe, expect, it } from "vitest";
import { closeWebRedis } from "~/utils/redis.server";
import { checkReadiness } from "~/features/system/services/readiness.server";
import { loader as readyz } from "~/features/system/routes/readyz";
import { startRedisServer } from "../support/processes";

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
});
