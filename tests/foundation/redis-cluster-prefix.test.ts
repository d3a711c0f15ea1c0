// REDIS_PREFIX in BullMQ's hash-tag form ("{puente}") for Redis Cluster: every key of a queue then hashes
// to one slot, which BullMQ's multi-key scripts need there. The test runs a real single-node cluster
// (a throwaway redis-server with cluster mode on, holding every slot): a cluster refuses a command whose
// keys lie in different slots (CROSSSLOT) even on one node, so a plain prefix fails where {…} works.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Queue, type Worker } from "bullmq";
import { Cluster, Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { parseEnv, workerEnvSchema } from "~/utils/env-schema";
import { logger } from "~/utils/logger.server";
import { enqueue } from "~/utils/outbox.server";
import { workerRedisOptions } from "~/utils/redis.server";
import { definitions } from "~/../workers/definitions";
import { relayOutboxOnce } from "~/../workers/outbox-relay";
import { closeQueues, createQueues, type Queues } from "~/../workers/queues";
import { startProcessors } from "~/../workers/registry";
import { registerSchedulers, schedules } from "~/../workers/schedulers";
import { freePort, waitFor } from "../support/processes";

let child: ChildProcess;
let dir: string;
let port: number;
let cluster: Cluster;

beforeAll(async () => {
  port = await freePort();
  dir = mkdtempSync(join(tmpdir(), "puente-cluster-"));
  child = spawn(
    "redis-server",
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--save",
      "",
      "--appendonly",
      "no",
      "--cluster-enabled",
      "yes",
      "--cluster-announce-ip",
      "127.0.0.1",
      "--cluster-config-file",
      join(dir, "nodes.conf"),
      "--dir",
      dir,
    ],
    { stdio: "ignore" },
  );
  const admin = new Redis(port, "127.0.0.1", { lazyConnect: true, retryStrategy: () => 200 });
  admin.on("error", () => {});
  await waitFor(async () => {
    await admin.connect().catch(() => {});
    return (await admin.ping()) === "PONG";
  });
  await admin.call("CLUSTER", "ADDSLOTSRANGE", "0", "16383");
  await waitFor(
    async () => String(await admin.call("CLUSTER", "INFO")).includes("cluster_state:ok"),
    20_000,
    50,
  );
  admin.disconnect();
  cluster = new Cluster([{ host: "127.0.0.1", port }], {
    redisOptions: { maxRetriesPerRequest: workerRedisOptions.maxRetriesPerRequest },
  });
  cluster.on("error", () => {});
});

afterAll(async () => {
  cluster?.disconnect();
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe("REDIS_PREFIX in hash-tag form", () => {
  it("is accepted by the environment schema, and malformed tags are not", () => {
    expect(parseEnv(workerEnvSchema, { REDIS_PREFIX: "{puente}" }).REDIS_PREFIX).toBe("{puente}");
    expect(parseEnv(workerEnvSchema, { REDIS_PREFIX: "{puente}:eu-1" }).REDIS_PREFIX).toBe("{puente}:eu-1");
    for (const bad of ["{puente", "puente}", "pu{ente}", "{}", "{a}{b}", "{a b}"])
      expect(() => parseEnv(workerEnvSchema, { REDIS_PREFIX: bad }), bad).toThrow(/REDIS_PREFIX/);
  });

  it(
    "runs outbox jobs, deduplicated jobs and every schedule on a Redis Cluster",
    { timeout: 60_000 },
    async () => {
      const prefix = parseEnv(workerEnvSchema, {
        ...process.env,
        REDIS_PREFIX: `{${process.env.REDIS_PREFIX}}`,
      }).REDIS_PREFIX;

      // A plain prefix spreads a queue's keys over several slots: the cluster refuses BullMQ's scripts.
      const plain = new Queue("maintenance", { connection: cluster, prefix: "plain" });
      plain.on("error", () => {});
      await expect(plain.add("maintenance.sessions", {})).rejects.toThrow(/CROSSSLOT/);
      await plain.close();

      const env = parseEnv(workerEnvSchema, { ...process.env, REDIS_PREFIX: prefix });
      const queues: Queues = createQueues(cluster, prefix);
      const workers: Worker[] = startProcessors({
        definitions: definitions.filter(
          (d) => d.name === "maintenance.sessions" || d.name === "search.index",
        ),
        connection: cluster,
        prefix,
        concurrency: 2,
        context: { db: db(), env, queues, logger },
      });
      try {
        const rows = await db().$transaction(async (tx) => [
          await enqueue(tx, "maintenance.sessions", {}),
          await enqueue(
            tx,
            "search.index",
            { entityType: "need", entityId: "missing-need" },
            { dedupeKey: "n1" },
          ),
          await enqueue(
            tx,
            "search.index",
            { entityType: "need", entityId: "missing-need" },
            { dedupeKey: "n1" },
          ),
        ]);
        expect(await relayOutboxOnce(db(), queues)).toBe(rows.length);
        await waitFor(
          async () => (await queues.maintenance.getJobCounts("completed")).completed === 1,
          15_000,
        );
        await waitFor(async () => (await queues.search.getJobCounts("completed")).completed >= 1, 15_000);

        await registerSchedulers(queues, env);
        let registered = 0;
        for (const name of new Set(schedules.map((s) => s.queue)))
          registered += (await queues[name].getJobSchedulers()).length;
        expect(registered).toBe(schedules.length);

        // Every key the queues wrote carries the tag, so all of them live in the tag's one slot.
        // (The refused plain queue may have left a single-key meta entry of its own.)
        const keys = (await cluster.keys("*")).filter((k) => !k.startsWith("plain:"));
        expect(keys.length).toBeGreaterThan(0);
        expect(keys.every((k) => k.startsWith(`${prefix}:`))).toBe(true);
        const slots = new Set(
          await Promise.all(keys.map(async (k) => Number(await cluster.call("CLUSTER", "KEYSLOT", k)))),
        );
        expect(slots.size).toBe(1);
      } finally {
        await Promise.all(workers.map((w) => w.close()));
        await closeQueues(queues);
      }
    },
  );
});
