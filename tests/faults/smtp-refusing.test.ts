// Fault drill: the mail server refuses service (421, a temporary failure) for a while, through the
// whole path: a web action queues transactional mail (outbox) → the real worker → SMTP. The mail is
// delayed, kept as "queued" with the error noted, retried by BullMQ with backoff, and delivered exactly
// once when the server accepts again. (Digests under an SMTP outage: tests/digest/crash.test.ts; the
// mailer's own handling of 421/550: tests/email/transactional.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { send } from "../support/app";
import { createActiveEngagement } from "../support/engagement-fixture";
import { createNetwork } from "../support/factories";
import { startWorker, waitFor, type WorkerProcess } from "../support/processes";
import { createTestSession } from "../support/sessions";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp";

// The refusal lasts until the worker has met it (a 421 recorded), at least REFUSE_MS, at most
// REFUSE_MAX_MS: a fixed window could close before a loaded machine had even posted the forms.
const REFUSE_MS = 6_000;
const REFUSE_MAX_MS = 60_000;
let smtp: TestSmtpServer;
let worker: WorkerProcess | undefined;

beforeAll(async () => {
  smtp = await startSmtpServer();
});

afterAll(async () => {
  if (worker && worker.child.exitCode === null) {
    worker.child.kill("SIGKILL");
    await worker.exited;
  }
  await smtp?.close();
});

describe("SMTP refusing for a while", () => {
  it("delays transactional mail without losing or duplicating it", { timeout: 90_000 }, async () => {
    const n = await createNetwork();
    const { engagement } = await createActiveEngagement(n);
    const cookie = (await createTestSession(n.expertUser.id, { activeOrganisationId: n.expert.id })).cookie;
    worker = startWorker({ SMTP_URL: smtp.url, LOG_LEVEL: "info" });
    // The refusal window starts once the worker runs (booting it can take several seconds on a busy machine).
    await waitFor(() => worker!.output().includes("worker started"), 30_000);

    smtp.refuse(REFUSE_MAX_MS);
    const refusedFrom = Date.now();
    const POSTS = 3;
    for (let i = 0; i < POSTS; i++) {
      const res = await send(`/engagements/${engagement.id}`, {
        cookie,
        form: { intent: "problem", body: `The venue cancelled, report ${i}.` },
      });
      expect(res.status).toBe(302);
    }
    const expected = await db().emailMessage.count({ where: { template: "engagement_problem" } });
    expect(expected).toBeGreaterThanOrEqual(POSTS);

    // While refused: the worker tried, nothing was accepted, every message is still queued with the 421 noted.
    await waitFor(
      async () =>
        (await db().emailMessage.count({
          where: { template: "engagement_problem", lastError: { contains: "421" } },
        })) > 0,
      REFUSE_MAX_MS - 5_000,
      100,
    );
    expect(smtp.accepted()).toBe(0);
    const during = await db().emailMessage.groupBy({
      by: ["status"],
      _count: true,
      where: { template: "engagement_problem" },
    });
    expect(during.map((g) => g.status)).toEqual(["queued"]);
    await new Promise((r) => setTimeout(r, Math.max(0, refusedFrom + REFUSE_MS - Date.now())));
    smtp.refuse(0);
    const refusedFor = Date.now() - refusedFrom;

    // Once accepted again: each one delivered, once.
    await smtp.waitFor(expected, 60_000);
    const deliveredAfter = Date.now() - refusedFrom;
    await new Promise((r) => setTimeout(r, 2_000)); // would a duplicate still arrive?
    expect(smtp.accepted()).toBe(expected);
    const ids = smtp.messages.map((m) => m.parsed.messageId);
    expect(new Set(ids).size).toBe(expected); // no message sent twice
    const after = await db().emailMessage.groupBy({
      by: ["status"],
      _count: true,
      where: { template: "engagement_problem" },
    });
    expect(after).toEqual([{ status: "sent", _count: expected }]);
    console.info(
      `[smtp refusing drill] ${expected} emails queued while SMTP refused for ${refusedFor} ms; ` +
        `all delivered ${deliveredAfter} ms after the refusal began, none twice`,
    );
    worker.child.kill("SIGTERM");
    await worker.exited;
    worker = undefined;
  });
});
