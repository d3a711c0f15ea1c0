// The PostgreSQL SearchIndex (the default): the shared contract, plus what only PostgreSQL can show
// (the stored rows, the lexicon) and the search.index job through the real worker code.
import { Queue, type Job, type Worker } from "bullmq";
import { Redis } from "ioredis";
import { closeSqlPools } from "~/utils/sql.server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { searchScope } from "~/features/auth/policy";
import { PgSearchIndex } from "~/features/search/services/pg-search-index.server";
import { queueSearchIndex } from "~/features/search/services/documents.server";
import { createPrismaClient, db } from "~/utils/db.server";
import { parseEnv, workerEnvSchema, type WorkerEnv } from "~/utils/env-schema";
import { logger } from "~/utils/logger.server";
import { workerRedisOptions } from "~/utils/redis.server";
import { definitions } from "~/../workers/definitions";
import { relayOutboxOnce } from "~/../workers/outbox-relay";
import { closeQueues, createQueues, type Queues } from "~/../workers/queues";
import { startProcessors } from "~/../workers/registry";
import { createNeed, createNetwork } from "../support/factories";
import { searchContract } from "./contract";
import { HIDDEN_COALITION_NAME, SECRET_DETAILS, SECRET_OUTCOME } from "./fixtures";

// The search pool of this file's database is closed before the database is dropped.
afterAll(() => closeSqlPools());
describe("PostgreSQL search index: contract", () => {
  searchContract(async () => new PgSearchIndex(db()));

  it("stores no confidential text in SearchDocument", async () => {
    const rows = await db().$queryRaw<Array<{ n: number }>>`
      SELECT count(*)::int AS n FROM "SearchDocument"
      WHERE title || ' ' || body ILIKE ANY(${[`%zafiroconfidencial%`, `%obsidianasecreta%`, `%Quetzalfantasma%`]}::text[])
         OR tsv @@ to_tsquery('puente_search', 'zafiroconfidencial | obsidianasecreta | quetzalfantasma')`;
    expect(rows[0]!.n).toBe(0);
    expect(SECRET_DETAILS).toContain("zafiroconfidencial");
    expect(SECRET_OUTCOME).toContain("obsidianasecreta");
    expect(HIDDEN_COALITION_NAME).toContain("Quetzalfantasma");
    const lexicon = await db().searchLexicon.count({
      where: { word: { in: ["zafiroconfidencial", "obsidianasecreta", "quetzalfantasma"] } },
    });
    expect(lexicon).toBe(0);
  });

  it("bounds very broad queries to the most recent matches, and says so", async () => {
    const all = { kind: "all" } as const;
    const exact = await new PgSearchIndex(db()).query({ entityType: "need" }, all);
    expect(exact).toMatchObject({ total: 6, exhaustive: true });
    // With a window of 3, only the three most recent of the six needs are ranked and counted.
    const bounded = await new PgSearchIndex(db(), { window: 3 }).query({ entityType: "need" }, all);
    expect(bounded).toMatchObject({ total: 3, exhaustive: false });
    expect(bounded.hits).toHaveLength(3);
    expect(Object.values(bounded.facets.status).reduce((a, b) => a + b, 0)).toBe(3);
    expect(bounded.hits.map((h) => h.postedAt.getTime())).toEqual(
      exact.hits.slice(0, 3).map((h) => h.postedAt.getTime()),
    );
  });

  it("fails loudly when the database is unreachable, so the job is retried", async () => {
    const dead = createPrismaClient("postgresql://postgres@127.0.0.1:1/nowhere");
    const index = new PgSearchIndex(dead);
    await expect(index.remove(["need:x"])).rejects.toThrow();
    await dead.$disconnect();
  });
});

describe("search.index job through the worker", () => {
  let redis: Redis;
  let queues: Queues;
  const workers: Worker[] = [];
  const baseEnv = (): WorkerEnv => parseEnv(workerEnvSchema, { ...process.env, MEILI_URL: "" });

  function startWorker(env: WorkerEnv) {
    const started = startProcessors({
      // The registered definition itself; other features' jobs are not this test's business.
      definitions: definitions.filter((d) => d.name === "search.index"),
      connection: redis,
      prefix: process.env.REDIS_PREFIX!,
      concurrency: 2,
      context: { db: db(), env, queues, logger },
    });
    workers.push(...started);
    return started;
  }

  async function waitFor<T>(fn: () => Promise<T | undefined | null | false>, ms = 15_000): Promise<T> {
    const until = Date.now() + ms;
    for (;;) {
      const v = await fn();
      if (v) return v;
      if (Date.now() > until) throw new Error("timed out");
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  beforeAll(() => {
    redis = new Redis(process.env.REDIS_URL!, workerRedisOptions);
    queues = createQueues(redis, process.env.REDIS_PREFIX!);
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.close()));
    await closeQueues(queues);
    redis.disconnect();
  });

  it("indexes a need from the outbox within seconds and removes it when withdrawn", async () => {
    const running = startWorker(baseEnv());
    expect(running.map((w) => w.name)).toEqual(["search"]);
    const n = await createNetwork();
    const need = await createNeed({
      organisationId: n.coalition.id,
      createdById: n.coalitionUser.id,
      title: "Vigilancia y software espía contra periodistas",
      summary: "Análisis forense de teléfonos comprometidos.",
    });
    await db().$transaction((tx) => queueSearchIndex(tx, "need", need.id));
    const started = Date.now();
    await relayOutboxOnce(db(), queues);

    const index = new PgSearchIndex(db());
    const scope = searchScope({
      userId: "s",
      memberships: [
        { organisationId: n.secretariat.id, kind: "SECRETARIAT", vettingLevel: "verified", role: "member" },
      ],
      twoFactorVerified: true,
    });
    await waitFor(async () => (await index.query({ text: "espia" }, scope)).total === 1);
    expect(Date.now() - started).toBeLessThan(5_000);

    await db().$transaction(async (tx) => {
      await tx.need.update({ where: { id: need.id }, data: { status: "withdrawn" } });
      await queueSearchIndex(tx, "need", need.id);
    });
    await relayOutboxOnce(db(), queues);
    await waitFor(async () => (await index.query({ text: "espia" }, scope)).total === 0);
    expect(await db().searchDocument.count({ where: { entityId: need.id } })).toBe(0);
    await Promise.all(running.map((w) => w.close()));
  });

  it("retries when the search backend is down, and indexes once it is back", async () => {
    // A Meilisearch that does not answer (nothing listens on port 9): the job fails and is kept for retry.
    const downWorkers = startWorker({ ...baseEnv(), MEILI_URL: "http://127.0.0.1:9" });
    const n = await createNetwork();
    const need = await createNeed({
      organisationId: n.coalition.id,
      createdById: n.coalitionUser.id,
      title: "Protección de sitios web contra DDoS",
    });
    await db().$transaction((tx) => queueSearchIndex(tx, "need", need.id));
    await relayOutboxOnce(db(), queues);

    const q = new Queue("search", { connection: redis, prefix: process.env.REDIS_PREFIX! });
    const job = await waitFor(async () => {
      const delayed: Job[] = await q.getJobs(["delayed"]);
      return delayed.find((j) => (j.data as { entityId: string }).entityId === need.id);
    });
    expect(job.attemptsMade).toBeGreaterThanOrEqual(1);
    expect(job.opts.attempts).toBeGreaterThan(1);
    expect(job.failedReason).toBeTruthy();
    await Promise.all(downWorkers.map((w) => w.close()));

    // The backend is back (here: the PostgreSQL index): the same job, retried, indexes the need.
    startWorker(baseEnv());
    await job.promote().catch(() => {}); // skip the backoff wait; it may already have been promoted
    const done = await waitFor(async () =>
      (await q.getJob(job.id!))?.finishedOn ? q.getJob(job.id!) : null,
    );
    expect(done!.returnvalue).toEqual({ outcome: "indexed", backend: "postgres" });
    expect(await db().searchDocument.count({ where: { entityId: need.id } })).toBe(1);
    await q.close();
  });
});
