// Each test file gets its own database (cloned from the migrated template) and its own Redis prefix.
// The database is dropped with the others of the run when every file has finished (global-setup.ts): a
// DROP DATABASE forces a checkpoint of the whole cluster, which would stall the files still running.
import { Redis } from "ioredis";
import { afterAll, beforeAll, inject } from "vitest";
import { disconnectDb } from "~/utils/db.server";
import { closeWebRedis } from "~/utils/redis.server";
import { generateMasterKeyEntry } from "~/utils/crypto/master-keys";
import { createDatabaseFromTemplate, databaseUrl, disconnectEveryone } from "../support/test-db";

let name: string | undefined;

// Tests get a master key of their own, never the developer's (and child processes inherit it).
process.env.ENCRYPTION_KEYS = generateMasterKeyEntry();

beforeAll(async () => {
  await disconnectDb();
  await closeWebRedis();
  name = await createDatabaseFromTemplate(`puente_test_${inject("testRun")}`);
  process.env.NODE_ENV = "test";
  // Processes a test starts pick their own metrics ports (a .env may name fixed ones).
  for (const name of ["METRICS_PORT", "WORKER_METRICS_PORT", "METRICS_HOST", "METRICS_TOKEN"])
    delete process.env[name];
  process.env.DATABASE_URL = databaseUrl(name);
  process.env.REDIS_URL ??= "redis://127.0.0.1:6379/0";
  process.env.REDIS_PREFIX = `test-${name}`;
});

afterAll(async () => {
  await disconnectDb();
  await closeWebRedis();
  if (!name) return;
  const redis = new Redis(process.env.REDIS_URL!, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `test-${name}*`, "COUNT", 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== "0");
  } catch {
    // Redis may be stopped on purpose by a test; the keys expire with the next flush of a test Redis.
  } finally {
    redis.disconnect();
  }
  // Whatever a test left connected (a child process, a pool) lets go now, as a drop would make it.
  await disconnectEveryone(name);
});
