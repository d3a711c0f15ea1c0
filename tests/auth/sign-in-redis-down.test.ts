// Signing in while Redis is away: the rate-limit checks fail open after one wait for Redis (shared by
// both checks), and clearing the account's counter after the right password does not wait again —
// it is skipped (the window expires on its own). Before, the reset waited a second time: two seconds
// per sign-in through an outage. A throwaway redis-server is stopped; the shared one is never touched.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "~/features/auth/services/password.server";
import { resetLimit } from "~/utils/rate-limit.server";
import { closeWebRedis, ownReadyListeners, webRedis } from "~/utils/redis.server";
import { send } from "../support/app";
import { createUser } from "../support/factories";
import { startRedisServer, waitFor } from "../support/processes";

let redis: Awaited<ReturnType<typeof startRedisServer>>;
let originalRedis: string | undefined;

beforeAll(async () => {
  originalRedis = process.env.REDIS_URL;
  redis = await startRedisServer();
  process.env.REDIS_URL = redis.url;
  await closeWebRedis();
});
afterAll(async () => {
  await closeWebRedis();
  process.env.REDIS_URL = originalRedis;
  await redis?.stop();
});

describe("signing in while Redis is away", () => {
  it("waits for Redis once, not again to clear the counter, and signs in", async () => {
    const password = "a long enough secret phrase";
    const user = await createUser({ passwordHash: await hashPassword(password) });
    const signIn = () => send("/login", { form: { email: user.email, password }, ip: "10.9.0.1" });
    expect((await signIn()).status).toBe(302);

    await redis.stop();
    await waitFor(() => webRedis().status !== "ready", 5_000, 5);
    // The reset alone: it must not start waiting for Redis (a wait is a 'ready' listener of ours).
    await resetLimit("signInAccount", user.email);
    expect(ownReadyListeners(webRedis())).toBe(0);

    // The whole sign-in: the checks fail open, the person is signed in.
    const res = await signIn();
    expect(res.status).toBe(302);
    expect(res.headers.get("set-cookie")).toContain("__session=");
  });
});
