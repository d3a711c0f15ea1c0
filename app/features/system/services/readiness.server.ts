import { db } from "~/utils/db.server";
import { readyWebRedis } from "~/utils/redis.server";

export type Check = { ok: boolean; ms: number; error?: string };

async function timed(fn: () => Promise<unknown>, timeoutMs: number): Promise<Check> {
  const started = performance.now();
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`timeout after ${timeoutMs} ms`)), timeoutMs).unref(),
      ),
    ]);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (error) {
    return {
      ok: false,
      ms: Math.round(performance.now() - started),
      error: (error as Error).message.split("\n")[0],
    };
  }
}

/** Readiness: can this process do its work right now? Database and Redis, each checked with a short timeout. */
export async function checkReadiness() {
  const [database, redis] = await Promise.all([
    timed(() => db().$queryRaw`SELECT 1`, 2_000),
    timed(async () => (await readyWebRedis(1_000)).ping(), 1_000),
  ]);
  const ready = database.ok && redis.ok;
  return { status: ready ? ("ready" as const) : ("not_ready" as const), checks: { database, redis } };
}
