import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { enqueue } from "~/utils/outbox.server";
import { workerRedisOptions } from "~/utils/redis.server";
import { relayOutboxOnce } from "~/../workers/outbox-relay";
import { closeQueues, createQueues, type Queues } from "~/../workers/queues";

let redis: Redis;
let queues: Queues;

beforeAll(() => {
  redis = new Redis(process.env.REDIS_URL!, workerRedisOptions);
  queues = createQueues(redis, process.env.REDIS_PREFIX!);
});
afterAll(async () => {
  await closeQueues(queues);
  redis.disconnect();
});

describe("outbox relay", () => {
  it("delivers each row to its queue exactly once, even with two relays racing", async () => {
    await db().$transaction(async (tx) => {
      for (let i = 0; i < 150; i++)
        await enqueue(tx, "search.index", { entityType: "need", entityId: `n${i}` });
      for (let i = 0; i < 50; i++) await enqueue(tx, "email.send", { emailMessageId: `e${i}` });
    });
    const results = await Promise.all([relayOutboxOnce(db(), queues, 60), relayOutboxOnce(db(), queues, 60)]);
    while ((await relayOutboxOnce(db(), queues, 60)) > 0);
    expect(results[0] + results[1]).toBeGreaterThan(0);

    const search = await queues.search.getJobs(["waiting", "delayed", "prioritized"]);
    const email = await queues.email.getJobs(["waiting", "delayed", "prioritized"]);
    expect(search).toHaveLength(150);
    expect(email).toHaveLength(50);
    expect(new Set(search.map((j) => (j.data as { entityId: string }).entityId)).size).toBe(150);
    expect(await db().outboxEvent.count({ where: { relayedAt: null } })).toBe(0);
  });

  it("re-relaying the same row (crash before it was marked) adds no duplicate job", async () => {
    const row = await db().$transaction((tx) => enqueue(tx, "matching.need", { needId: "need-x" }));
    await relayOutboxOnce(db(), queues);
    await db().outboxEvent.update({ where: { id: row.id }, data: { relayedAt: null } });
    await relayOutboxOnce(db(), queues);
    const jobs = await queues.matching.getJobs(["waiting", "delayed", "prioritized"]);
    expect(jobs.filter((j) => (j.data as { needId: string }).needId === "need-x")).toHaveLength(1);
  });

  it("keeps rows when Redis is unreachable and relays them once it is back", async () => {
    const deadRedis = new Redis("redis://127.0.0.1:1", {
      ...workerRedisOptions,
      maxRetriesPerRequest: 1,
      retryStrategy: () => null,
      lazyConnect: true,
    });
    deadRedis.on("error", () => {});
    const deadQueues = createQueues(deadRedis, process.env.REDIS_PREFIX!);
    const row = await db().$transaction((tx) =>
      enqueue(tx, "search.index", { entityType: "offer", entityId: "o-dead" }),
    );
    await expect(relayOutboxOnce(db(), deadQueues)).rejects.toThrow();
    expect((await db().outboxEvent.findUniqueOrThrow({ where: { id: row.id } })).relayedAt).toBeNull();
    await closeQueues(deadQueues).catch(() => {});
    deadRedis.disconnect();

    await relayOutboxOnce(db(), queues);
    expect((await db().outboxEvent.findUniqueOrThrow({ where: { id: row.id } })).relayedAt).not.toBeNull();
    const q = new Queue("search", { connection: redis, prefix: process.env.REDIS_PREFIX! });
    const jobs = await q.getJobs(["waiting"]);
    expect(jobs.some((j) => (j.data as { entityId: string }).entityId === "o-dead")).toBe(true);
    await q.close();
  });

  it("refuses a payload that does not match the job's schema, writing nothing", async () => {
    const before = await db().outboxEvent.count();
    await expect(
      db().$transaction((tx) => enqueue(tx, "search.index", { entityType: "user", entityId: "u" } as never)),
    ).rejects.toThrow();
    expect(await db().outboxEvent.count()).toBe(before);
  });
});
