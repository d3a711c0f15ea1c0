// Fault drill: Redis comes back empty (or its keys are lost) while work is pending. Once relayed, a job
// lives only in Redis; PostgreSQL still says what is owed: emails `queued`, outbox rows relayed but not
// done, digest deliveries `claimed`. The worker's sweeper re-enqueues all of it, and the worker puts
// its schedules back — when it finds them missing (a periodic check) and when its connection comes
// back (a restarted Redis). Every owed email arrives exactly once. The shared Redis is never flushed:
// the first drill deletes only this file's prefix, the second restarts a throwaway redis-server.
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { enqueueUrgentAlert } from "~/features/digest/services/urgent.server";
import { parsePeriod } from "~/features/digest/services/period";
import { queueEmail } from "~/features/email/services/queue-email.server";
import { db } from "~/utils/db.server";
import { schedules } from "~/../workers/schedulers";
import { createNeed, createOffer, createOrganisation, createUser } from "../support/factories";
import { startRedisServer, startWorker, waitFor, type WorkerProcess } from "../support/processes";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp";

const EMAILS = 20;
const EXPERTS = 5;
const PERIOD = "weekly:2026-W40";

let smtp: TestSmtpServer;
let worker: WorkerProcess | undefined;
const expertEmails: string[] = [];

beforeAll(async () => {
  smtp = await startSmtpServer();
  const expert = await createOrganisation({ kind: "EXPERT", vettingLevel: "verified" });
  const coalition = await createOrganisation({ kind: "COALITION", countryCode: "MX" });
  const author = await createUser({}, { organisationId: coalition.id });
  await db().digestSubscription.create({
    data: { userId: author.id, frequency: "off", urgentAlerts: false },
  });
  await createOffer({ organisationId: expert.id, createdById: author.id });
  for (let i = 0; i < EXPERTS; i++) {
    const user = await createUser({ email: `expert-${i}@example.org` }, { organisationId: expert.id });
    expertEmails.push(user.email);
  }
  const week = parsePeriod(PERIOD)!;
  for (let i = 0; i < 3; i++)
    await createNeed({
      organisationId: coalition.id,
      createdById: author.id,
      openedAt: new Date(week.start.getTime() + (i + 1) * 3600_000),
    });
});

afterEach(async () => {
  if (worker && worker.child.exitCode === null) {
    worker.child.kill("SIGKILL");
    await worker.exited;
  }
  worker = undefined;
});

afterAll(async () => {
  await smtp?.close();
});

async function schedulerCount(redisUrl: string, prefix: string) {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  connection.on("error", () => {});
  try {
    let count = 0;
    for (const name of new Set(schedules.map((s) => s.queue))) {
      const q = new Queue(name, { connection, prefix });
      q.on("error", () => {});
      count += (await q.getJobSchedulers()).length;
    }
    return count;
  } finally {
    connection.disconnect();
  }
}

/** Emails, a weekly digest for EXPERTS recipients and an urgent alert, all stuck on a refusing SMTP server. */
async function writePendingWork(label: string) {
  const author = await db().user.findFirstOrThrow({ where: { digestSubscription: { frequency: "off" } } });
  const coalition = await db().organisation.findFirstOrThrow({ where: { kind: "COALITION" } });
  const urgent = await createNeed({
    organisationId: coalition.id,
    createdById: author.id,
    urgency: "critical",
    title: `Critical ${label}`,
  });
  await db().$transaction(async (tx) => {
    for (let i = 0; i < EMAILS; i++)
      await queueEmail(tx, {
        to: `${label}-${i}@example.org`,
        template: "engagement_problem",
        locale: "en",
        params: { engagementUrl: "http://localhost:3000/engagements/e1", needTitle: `${label} ${i}` },
      });
    await enqueueUrgentAlert(tx, urgent.id);
  });
  return { urgentPeriod: `urgent:${urgent.id}` };
}

async function owed() {
  return {
    emails: await db().emailMessage.count({ where: { status: "queued" } }),
    deliveries: await db().digestDelivery.count({ where: { status: "claimed" } }),
    outbox: await db().outboxEvent.count({ where: { doneAt: null } }),
  };
}

describe("Redis loses its keys under pending work", () => {
  it(
    "re-enqueues every owed email, job and digest, and puts every schedule back",
    { timeout: 120_000 },
    async () => {
      const prefix = process.env.REDIS_PREFIX!;
      const redisUrl = process.env.REDIS_URL!;
      smtp.refuse(10 * 60_000);
      const since = smtp.messages.length;
      worker = startWorker({
        SMTP_URL: smtp.url,
        LOG_LEVEL: "info",
        SWEEP_AFTER_SECONDS: "1",
        SCHEDULE_CHECK_SECONDS: "1",
      });
      await waitFor(async () => (await schedulerCount(redisUrl, prefix)) === schedules.length, 20_000);

      const { urgentPeriod } = await writePendingWork("lost");
      await db().outboxEvent.create({
        data: { queue: "digest", name: "digest.run", payload: { frequency: "weekly", period: PERIOD } },
      });
      // Everything relayed and tried once against the refusing server: now it waits in Redis only.
      await waitFor(
        async () =>
          (await db().outboxEvent.count({ where: { relayedAt: null } })) === 0 &&
          (await db().emailMessage.count({ where: { attempts: 0 } })) === 0 &&
          (await db().digestDelivery.count({ where: { period: PERIOD, attempts: { gt: 0 } } })) === EXPERTS &&
          (await db().digestDelivery.count({ where: { period: urgentPeriod, attempts: { gt: 0 } } })) > 0,
        30_000,
        200,
      );
      const before = await owed();
      expect(before.emails).toBe(EMAILS);

      // Every key of this deployment's prefix goes (what FLUSHALL does to a Redis of its own).
      const admin = new Redis(redisUrl);
      let deleted = 0;
      let cursor = "0";
      do {
        const [next, keys] = await admin.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
        cursor = next;
        if (keys.length) deleted += await admin.del(...keys);
      } while (cursor !== "0");
      admin.disconnect();
      expect(deleted).toBeGreaterThan(0);
      smtp.refuse(0);

      await waitFor(async () => (await schedulerCount(redisUrl, prefix)) === schedules.length, 30_000, 250);
      await waitFor(
        async () => {
          const now = await owed();
          return now.emails === 0 && now.deliveries === 0 && now.outbox === 0;
        },
        60_000,
        250,
      ).catch(async (error: Error) => {
        throw new Error(`still owed: ${JSON.stringify(await owed())} (${error.message})`);
      });
      const urgentSent = await db().digestDelivery.count({ where: { period: urgentPeriod, status: "sent" } });
      const digestsSent = await db().digestDelivery.count({ where: { period: PERIOD, status: "sent" } });
      expect(digestsSent).toBe(EXPERTS);
      expect(urgentSent).toBe(EXPERTS);
      const expected = EMAILS + digestsSent + urgentSent;
      await smtp.waitFor(since + expected, 30_000);
      await new Promise((r) => setTimeout(r, 1_500)); // would a duplicate still arrive?
      const received = smtp.messages.slice(since);
      expect(received).toHaveLength(expected);
      const perRecipientSubject = new Set(received.map((m) => `${m.envelope.to[0]} ${m.parsed.subject}`));
      expect(perRecipientSubject.size).toBe(expected);
      for (const email of expertEmails)
        expect(received.filter((m) => m.envelope.to[0] === email)).toHaveLength(2); // digest + alert
    },
  );

  it(
    "puts the schedules back as soon as a restarted, empty Redis accepts the worker again",
    { timeout: 120_000 },
    async () => {
      let redis = await startRedisServer();
      const prefix = process.env.REDIS_PREFIX!;
      try {
        smtp.refuse(10 * 60_000);
        const since = smtp.messages.length;
        worker = startWorker({
          SMTP_URL: smtp.url,
          REDIS_URL: redis.url,
          LOG_LEVEL: "info",
          SWEEP_AFTER_SECONDS: "1",
          // No periodic check within this test: only the reconnection can bring the schedules back.
          SCHEDULE_CHECK_SECONDS: "3600",
        });
        await waitFor(async () => (await schedulerCount(redis.url, prefix)) === schedules.length, 20_000);
        await db().$transaction(async (tx) => {
          for (let i = 0; i < 3; i++)
            await queueEmail(tx, {
              to: `restart-${i}@example.org`,
              template: "engagement_problem",
              locale: "en",
              params: { engagementUrl: "http://localhost:3000/engagements/e1", needTitle: `restart ${i}` },
            });
        });
        await waitFor(
          async () => (await db().emailMessage.count({ where: { status: "queued", attempts: 0 } })) === 0,
          20_000,
        );

        // Owed from SWEEP_AFTER_SECONDS on (fresh work is left to the relay and its jobs).
        await new Promise((r) => setTimeout(r, 1_200));
        await redis.stop();
        redis = await startRedisServer(redis.port);
        expect(await schedulerCount(redis.url, prefix)).toBe(0);
        smtp.refuse(0);
        await waitFor(
          async () => (await schedulerCount(redis.url, prefix)) === schedules.length,
          20_000,
          250,
        );
        await waitFor(
          async () => (await db().emailMessage.count({ where: { status: "queued" } })) === 0,
          30_000,
        ).catch((error: Error) => {
          throw new Error(`${error.message}\n${worker?.output().slice(-4000)}`);
        });
        await smtp.waitFor(since + 3, 10_000);
        await new Promise((r) => setTimeout(r, 1_000));
        expect(
          smtp.messages
            .slice(since)
            .map((m) => m.envelope.to[0])
            .sort(),
        ).toEqual(["restart-0@example.org", "restart-1@example.org", "restart-2@example.org"]);
      } finally {
        await redis.stop();
      }
    },
  );
});
