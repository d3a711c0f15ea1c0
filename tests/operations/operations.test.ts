// The secretariat's operations pages: queue counts, failed jobs (error shown, payload never), retry and
// discard, and work on demand (digests now, re-match one need or all, rebuild the search index). Every
// action is a POST form with an `intent`, audited, refused to everyone but the 2FA-verified secretariat,
// and safe to repeat.
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeOperationsQueues } from "~/features/operations/services/queues.server";
import { previousPeriod } from "~/features/digest/services/period";
import { parseEnv, workerEnvSchema } from "~/utils/env-schema";
import { db } from "~/utils/db.server";
import { pino } from "pino";
import { searchReindexJob } from "~/features/search/jobs/reindex.job";
import { send } from "../support/app";
import { createNeed, createOrganisation, createUser } from "../support/factories";
import { createTestSession, enableTotpFor } from "../support/sessions";

let secretariat: string;
let secretariatUserId: string;
let secretariatNo2fa: string;
let coalition: string;
let openNeedId: string;
let draftNeedId: string;
let connection: Redis;
const prefix = () => process.env.REDIS_PREFIX!;

beforeAll(async () => {
  const sec = await createOrganisation({ kind: "SECRETARIAT", countryCode: null });
  const coalitionOrg = await createOrganisation({ kind: "COALITION", countryCode: "MX" });
  const secUser = await createUser({}, { organisationId: sec.id, role: "admin" });
  const secNo2fa = await createUser({}, { organisationId: sec.id, role: "member" });
  const member = await createUser({}, { organisationId: coalitionOrg.id, role: "admin" });
  await enableTotpFor(secUser.id);
  secretariatUserId = secUser.id;
  secretariat = (await createTestSession(secUser.id, { twoFactorVerified: true })).cookie;
  secretariatNo2fa = (await createTestSession(secNo2fa.id)).cookie;
  coalition = (await createTestSession(member.id)).cookie;
  const owner = { organisationId: coalitionOrg.id, createdById: member.id };
  openNeedId = (await createNeed({ ...owner, status: "open" })).id;
  draftNeedId = (await createNeed({ ...owner, status: "draft", openedAt: null, submittedAt: null })).id;
  connection = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });
});

afterAll(async () => {
  await closeOperationsQueues();
  connection.disconnect();
});

/** The secretariat member's pages in another language (their saved language wins over the browser's). */
async function inLocale<T>(locale: string, fn: () => Promise<T>): Promise<T> {
  await db().user.update({ where: { id: secretariatUserId }, data: { locale } });
  try {
    return await fn();
  } finally {
    await db().user.update({ where: { id: secretariatUserId }, data: { locale: "en" } });
  }
}

const outboxRows = (name: string) => db().outboxEvent.findMany({ where: { name }, orderBy: { id: "asc" } });
const auditRows = (action: string) => db().auditEvent.findMany({ where: { action } });

/** A job in `queue` that fails for good with `message` (one attempt), its payload holding `payload`. */
async function failedJob(
  queueName: string,
  jobName: string,
  payload: Record<string, string>,
  message: string,
) {
  const queue = new Queue(queueName, { connection, prefix: prefix() });
  const worker = new Worker(
    queueName,
    async () => {
      throw new Error(`${message}\n    at someStackFrame (file.ts:1:1)`);
    },
    { connection: connection.duplicate(), prefix: prefix() },
  );
  const failed = new Promise((resolve) => worker.once("failed", resolve));
  const job = await queue.add(jobName, payload, { attempts: 1 });
  await failed;
  await worker.close();
  await queue.close();
  return job.id!;
}

describe("who may use the operations pages", () => {
  const posts: Array<[string, Record<string, string>]> = [
    ["/secretariat/operations", { intent: "send-digests", frequency: "daily" }],
    ["/secretariat/operations", { intent: "rematch-all" }],
    ["/secretariat/operations", { intent: "reindex" }],
    ["/secretariat/operations", { intent: "rematch-need", needId: "x" }],
    ["/secretariat/operations/email", { intent: "retry", jobId: "1" }],
    ["/secretariat/operations/email", { intent: "discard", jobId: "1" }],
  ];

  it("refuses every action to members, to a secretariat session without 2FA and to visitors", async () => {
    for (const [path, form] of posts) {
      expect((await send(path, { cookie: coalition, form })).status, `${path} ${form.intent}`).toBe(403);
      const no2fa = await send(path, { cookie: secretariatNo2fa, form });
      expect(no2fa.status).toBeGreaterThanOrEqual(300);
      expect(no2fa.status).toBeLessThan(400);
      const visitor = await send(path, { form });
      expect(visitor.location ?? "").toMatch(/^\/login\?redirectTo=/);
    }
    expect(await db().outboxEvent.count()).toBe(0);
    expect(await db().auditEvent.count({ where: { action: { startsWith: "operations." } } })).toBe(0);
  });
});

describe("work on demand", () => {
  it("shows every queue and the form for each piece of work, without JavaScript", async () => {
    const page = await send("/secretariat/operations", { cookie: secretariat });
    expect(page.status).toBe(200);
    for (const label of ["Search index", "Matching", "Email", "Digests", "Maintenance"])
      expect(page.body).toContain(label);
    for (const intent of ["send-digests", "rematch-need", "rematch-all", "reindex"])
      expect(page.body).toMatch(
        new RegExp(`<form[^>]*method="post"[^>]*>(?:(?!</form>).)*value="${intent}"`, "s"),
      );
  });

  it("sends today's digests now: one digest.run for the last complete period, audited; again is harmless", async () => {
    const res = await send("/secretariat/operations", {
      cookie: secretariat,
      form: { intent: "send-digests", frequency: "daily" },
    });
    expect(res.status).toBe(302);
    const period = previousPeriod("daily", new Date());
    expect(res.location).toBe(`/secretariat/operations?done=digests&period=${encodeURIComponent(period)}`);
    const rows = await outboxRows("digest.run");
    expect(rows.map((r) => r.payload)).toEqual([{ frequency: "daily", period }]);
    const events = await auditRows("operations.digests_sent");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      entityType: "digest",
      entityId: period,
      metadata: { frequency: "daily" },
    });
    // The same period again: the run claims each user once per period, so nobody gets a second digest.
    await send("/secretariat/operations", {
      cookie: secretariat,
      form: { intent: "send-digests", frequency: "daily" },
    });
    expect(
      (await outboxRows("digest.run")).every((r) => (r.payload as { period: string }).period === period),
    ).toBe(true);

    const notice = await send(res.location!, { cookie: secretariat });
    expect(notice.body).toContain(`Digests for ${period} are on their way.`);
  });

  it("re-matches one open need, and says why it will not for an unknown or closed one", async () => {
    const ok = await send("/secretariat/operations", {
      cookie: secretariat,
      form: { intent: "rematch-need", needId: openNeedId },
    });
    expect(ok.location).toBe("/secretariat/operations?done=rematch-need");
    expect((await outboxRows("matching.need")).map((r) => r.payload)).toEqual([{ needId: openNeedId }]);
    expect(await auditRows("operations.rematch_need")).toMatchObject([
      { entityType: "need", entityId: openNeedId },
    ]);

    for (const [needId, message] of [
      ["nope", "No need has this id."],
      [draftNeedId, "This need is not open for matching."],
      ["", "Enter the id of a need."],
      ["<script>", "Enter the id of a need."],
    ]) {
      const res = await send("/secretariat/operations", {
        cookie: secretariat,
        form: { intent: "rematch-need", needId },
      });
      expect(res.status, needId).toBe(422);
      expect(res.body).toContain(message);
      expect(res.body).toMatch(/aria-invalid="true"/);
    }
    expect(await outboxRows("matching.need")).toHaveLength(1);
    const es = await inLocale("es", () =>
      send("/secretariat/operations", {
        cookie: secretariat,
        form: { intent: "rematch-need", needId: "nope" },
      }),
    );
    expect(es.body).toContain("Ninguna necesidad tiene este identificador.");
  });

  it("re-matches all open needs and rebuilds the search index, each audited", async () => {
    const all = await send("/secretariat/operations", {
      cookie: secretariat,
      form: { intent: "rematch-all" },
    });
    expect(all.location).toBe("/secretariat/operations?done=rematch-all");
    expect(await outboxRows("matching.rebalance")).toHaveLength(1);
    expect(await auditRows("operations.rematch_all")).toHaveLength(1);

    const reindex = await send("/secretariat/operations", {
      cookie: secretariat,
      form: { intent: "reindex" },
    });
    expect(reindex.location).toBe("/secretariat/operations?done=reindex");
    expect(await outboxRows("search.reindex")).toHaveLength(1);
    expect(await auditRows("operations.search_reindex")).toHaveLength(1);
  });

  it("answers 400, never 500, to an unknown intent or a bad frequency", async () => {
    const forms: Array<Record<string, string>> = [
      { intent: "drop-tables" },
      { intent: "send-digests", frequency: "hourly" },
      {},
    ];
    for (const form of forms) {
      expect((await send("/secretariat/operations", { cookie: secretariat, form })).status).toBe(400);
    }
  });
});

describe("the search.reindex job the page queues", () => {
  it("rebuilds the index from the database, and the same again when repeated", async () => {
    await db().searchDocument.deleteMany({});
    const ctx = {
      db: db(),
      env: parseEnv(workerEnvSchema, { DATABASE_URL: process.env.DATABASE_URL }),
      logger: pino({ level: "silent" }),
    } as never;
    const first = (await searchReindexJob.handle({}, ctx)) as { count: number };
    expect(first.count).toBeGreaterThan(0);
    expect(await db().searchDocument.findUnique({ where: { id: `need:${openNeedId}` } })).not.toBeNull();
    expect(await db().searchDocument.findUnique({ where: { id: `need:${draftNeedId}` } })).toBeNull();
    const again = (await searchReindexJob.handle({}, ctx)) as { count: number };
    expect(again.count).toBe(first.count);
    expect(await db().searchDocument.count()).toBe(first.count);
  });
});

describe("failed jobs", () => {
  it("lists a queue's failed jobs with the first line of their error and never their payload", async () => {
    const id = await failedJob(
      "email",
      "email.send",
      { emailMessageId: "PAYLOAD-MARKER-1" },
      "SMTP said 554 refused",
    );
    const overview = await send("/secretariat/operations", { cookie: secretariat });
    expect(overview.body).toContain('href="/secretariat/operations/email"');

    const page = await send("/secretariat/operations/email", { cookie: secretariat });
    expect(page.status).toBe(200);
    expect(page.body).toContain("SMTP said 554 refused");
    expect(page.body).toContain(id);
    expect(page.body).not.toContain("PAYLOAD-MARKER-1");
    expect(page.body).not.toContain("someStackFrame");
    const fr = await inLocale("fr", () => send("/secretariat/operations/email", { cookie: secretariat }));
    expect(fr.body).toContain("Tâches échouées : Courriel");
    expect(fr.body).toContain("Réessayer");
  });

  it("retries a failed job (once: a second retry changes nothing), audited", async () => {
    const id = await failedJob("matching", "matching.need", { needId: "n1" }, "lock timeout");
    const first = await send("/secretariat/operations/matching", {
      cookie: secretariat,
      form: { intent: "retry", jobId: id },
    });
    expect(first.location).toBe("/secretariat/operations/matching?done=retry");
    const queue = new Queue("matching", { connection, prefix: prefix() });
    expect(await (await queue.getJob(id))!.getState()).toBe("waiting");
    const again = await send("/secretariat/operations/matching", {
      cookie: secretariat,
      form: { intent: "retry", jobId: id },
    });
    expect(again.status).toBe(409);
    expect(again.body).toContain("no longer failed");
    expect(await auditRows("operations.job_retried")).toMatchObject([
      { entityType: "job", entityId: id, metadata: { queue: "matching", job: "matching.need" } },
    ]);
    await queue.close();
  });

  it("discards a failed job, audited; an unknown job is a 409 with a message", async () => {
    const id = await failedJob(
      "search",
      "search.index",
      { entityType: "need", entityId: "e1" },
      "index away",
    );
    const res = await send("/secretariat/operations/search", {
      cookie: secretariat,
      form: { intent: "discard", jobId: id },
    });
    expect(res.location).toBe("/secretariat/operations/search?done=discard");
    const queue = new Queue("search", { connection, prefix: prefix() });
    expect(await queue.getJob(id)).toBeUndefined();
    await queue.close();
    expect(await auditRows("operations.job_discarded")).toHaveLength(1);
    const gone = await send("/secretariat/operations/search", {
      cookie: secretariat,
      form: { intent: "discard", jobId: id },
    });
    expect(gone.status).toBe(409);
    expect(gone.body).toContain("no longer exists");
    expect(
      (
        await send("/secretariat/operations/search", {
          cookie: secretariat,
          form: { intent: "explode", jobId: id },
        })
      ).status,
    ).toBe(400);
  });
});
