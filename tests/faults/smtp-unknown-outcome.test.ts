// Fault drill: the SMTP connection dies after the message's end of data, before the server's answer.
// The sender cannot know whether the server took the message. The rule (docs/decisions/0008): send it
// again, later, with the same Message-ID — what every mail server does after a lost connection, and
// what lets receivers that de-duplicate by Message-ID drop a copy — rather than record it as sent and
// lose it for good when the server had not taken it. The real worker sends a transactional email and a
// digest to a server that drops the first connection of each after DATA.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parsePeriod } from "~/features/digest/services/period";
import { queueEmail } from "~/features/email/services/queue-email.server";
import { db } from "~/utils/db.server";
import { createNeed, createOffer, createOrganisation, createUser } from "../support/factories";
import { startWorker, waitFor, type WorkerProcess } from "../support/processes";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp";

let smtp: TestSmtpServer;
let worker: WorkerProcess | undefined;

beforeAll(async () => {
  smtp = await startSmtpServer();
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

describe("an SMTP connection lost between the end of data and the server's answer", () => {
  it(
    "sends the transactional email again with the same Message-ID, and records it as sent once taken",
    { timeout: 90_000 },
    async () => {
      worker = startWorker({ SMTP_URL: smtp.url, LOG_LEVEL: "warn" });
      smtp.dropAfterData(1);
      const { id } = await db().$transaction((tx) =>
        queueEmail(tx, {
          to: "unknown-outcome@example.org",
          template: "engagement_problem",
          locale: "en",
          params: { engagementUrl: "http://localhost:3000/engagements/e1", needTitle: "Hearing moved" },
        }),
      );
      const [taken] = await smtp.waitFor(1, 60_000);
      expect(smtp.dropped).toHaveLength(1);
      const messageId = smtp.dropped[0]!.header("message-id");
      expect(messageId).toMatch(/^<.+@.+>$/);
      expect(taken!.header("message-id")).toBe(messageId);
      await waitFor(
        async () => (await db().emailMessage.findUnique({ where: { id } }))?.status === "sent",
        10_000,
      );
      const row = await db().emailMessage.findUniqueOrThrow({ where: { id } });
      expect(row.messageId).toBe(messageId);
      expect(row.attempts).toBe(2);
      await new Promise((r) => setTimeout(r, 1_000));
      expect(smtp.accepted()).toBe(1);
    },
  );

  it(
    "sends the digest again with the same Message-ID, once taken never again",
    { timeout: 90_000 },
    async () => {
      const period = "weekly:2026-W30";
      const expert = await createOrganisation({ kind: "EXPERT", vettingLevel: "verified" });
      const coalition = await createOrganisation({ kind: "COALITION", countryCode: "MX" });
      const author = await createUser({}, { organisationId: coalition.id });
      await db().digestSubscription.create({
        data: { userId: author.id, frequency: "off", urgentAlerts: false },
      });
      await createOffer({ organisationId: expert.id, createdById: author.id });
      const reader = await createUser({ email: "digest-reader@example.org" }, { organisationId: expert.id });
      await createNeed({
        organisationId: coalition.id,
        createdById: author.id,
        openedAt: new Date(parsePeriod(period)!.start.getTime() + 3600_000),
      });
      smtp.clear();
      smtp.dropped.length = 0;
      smtp.dropAfterData(1);
      worker = startWorker({ SMTP_URL: smtp.url, LOG_LEVEL: "warn" });
      await db().outboxEvent.create({
        data: { queue: "digest", name: "digest.run", payload: { frequency: "weekly", period } },
      });
      const [taken] = await smtp.waitFor(1, 60_000);
      expect(smtp.dropped).toHaveLength(1);
      expect(taken!.envelope.to).toEqual([reader.email]);
      expect(taken!.header("message-id")).toBe(smtp.dropped[0]!.header("message-id"));
      await waitFor(
        async () =>
          (await db().digestDelivery.findUnique({ where: { userId_period: { userId: reader.id, period } } }))
            ?.status === "sent",
        10_000,
      );
      await new Promise((r) => setTimeout(r, 1_000));
      expect(smtp.accepted()).toBe(1);
    },
  );
});
