// Exactly once, the hard way: the real worker process (workers/index.ts) sends a digest run for 1,000
// recipients to a real SMTP server; it is SIGKILLed midway and restarted; in another run the SMTP
// server refuses service for a while and two workers run side by side. Every recipient must end up
// with exactly one digest in the server: none lost, none twice.
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePeriod } from "~/features/digest/services/period";
import { db } from "~/utils/db.server";
import { createNeed, createOffer, createOrganisation, createUser } from "../support/factories";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp";

const RECIPIENTS = 1000;
// Waits that include a worker's start from source (tsx compiles it): seconds on a quiet machine, much
// longer on a loaded one. They bound liveness only; what the drill asserts does not depend on them.
const WITH_STARTUP_MS = 90_000;
let smtp: TestSmtpServer;
let userEmails: string[] = [];
type Worker = { child: ChildProcess; log: string[]; stopping: boolean };
const workers: Worker[] = [];

function startWorker() {
  const child = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "test",
      // The env schema knows two processes, web and worker; any other name stops the worker at start.
      PUENTE_PROCESS: "worker",
      LOG_LEVEL: "warn",
      SMTP_URL: smtp.url,
      WORKER_CONCURRENCY: "4",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const entry: Worker = { child, log: [], stopping: false };
  child.stdout!.on("data", (d: Buffer) => entry.log.push(d.toString()));
  child.stderr!.on("data", (d: Buffer) => entry.log.push(d.toString()));
  workers.push(entry);
  return entry;
}

async function stopWorker(entry: Worker, signal: NodeJS.Signals = "SIGTERM") {
  entry.stopping = true;
  if (entry.child.exitCode !== null || entry.child.signalCode !== null) return;
  const exited = new Promise((resolve) => entry.child.once("exit", resolve));
  entry.child.kill(signal);
  await exited;
}

/** Waits for a condition; a worker that exits on its own fails the wait at once, with its output. */
async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    const died = workers.find(
      (w) => !w.stopping && (w.child.exitCode !== null || w.child.signalCode !== null),
    );
    if (died)
      throw new Error(`a worker exited while waiting for ${what}:\n${died.log.join("").slice(-3000)}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function triggerRun(period: string) {
  await db().outboxEvent.create({
    data: { queue: "digest", name: "digest.run", payload: { frequency: "weekly", period } },
  });
}

async function settled(period: string) {
  const claimed = await db().digestDelivery.count({ where: { period, status: "claimed" } });
  const total = await db().digestDelivery.count({ where: { period } });
  return total === RECIPIENTS && claimed === 0;
}

/** Messages per recipient for this period's run (by subject-independent envelope). */
function tally(since: number) {
  const counts = new Map<string, number>();
  for (const m of smtp.messages.slice(since))
    for (const to of m.envelope.to) counts.set(to, (counts.get(to) ?? 0) + 1);
  const duplicates = [...counts.values()].filter((n) => n > 1).length;
  const missing = userEmails.filter((e) => !counts.has(e)).length;
  return { received: smtp.messages.length - since, distinct: counts.size, duplicates, missing };
}

beforeAll(async () => {
  smtp = await startSmtpServer({ parse: false });
  const expert = await createOrganisation({ kind: "EXPERT", vettingLevel: "verified" });
  const coalition = await createOrganisation({ kind: "COALITION", countryCode: "MX" });
  const author = await createUser({}, { organisationId: coalition.id });
  await createOffer({
    organisationId: expert.id,
    createdById: author.id,
    categoryIds: ["legal"],
    coverageRegions: ["latin_america_caribbean"],
    languages: ["es", "en"],
  });
  const stamp = Date.now().toString(36);
  const users = Array.from({ length: RECIPIENTS }, (_, i) => ({
    id: `crash${stamp}u${String(i).padStart(4, "0")}`,
    email: `r${i}-${stamp}@example.org`,
    name: `Recipient ${i}`,
    locale: ["en", "es", "fr"][i % 3],
    emailVerifiedAt: new Date(),
  }));
  await db().user.createMany({ data: users });
  await db().membership.createMany({ data: users.map((u) => ({ userId: u.id, organisationId: expert.id })) });
  userEmails = users.map((u) => u.email);
  // The coalition's author is a recipient too (coalition member): give the coalition nothing new and
  // keep the count exact by turning the author's digest off.
  await db().digestSubscription.create({ data: { userId: author.id, frequency: "off" } });
  for (const period of ["weekly:2026-W40", "weekly:2026-W41"]) {
    const w = parsePeriod(period)!;
    for (let i = 0; i < 3; i++) {
      await createNeed({
        organisationId: coalition.id,
        createdById: author.id,
        title: `Need ${period} #${i}`,
        openedAt: new Date(w.start.getTime() + (i + 1) * 3600_000),
      });
    }
  }
}, 60_000);

afterAll(async () => {
  for (const w of workers) await stopWorker(w, "SIGKILL");
  await smtp.close();
});

describe("digest exactly once under crashes and SMTP outages", () => {
  it("SIGKILL midway and restart: every recipient has exactly one digest", async () => {
    const period = "weekly:2026-W40";
    const since = smtp.messages.length;
    const first = startWorker();
    await triggerRun(period);
    await until(() => smtp.accepted() - since >= 300, WITH_STARTUP_MS, "300 messages before the kill");
    first.stopping = true;
    first.child.kill("SIGKILL");
    await new Promise((r) => first.child.once("exit", r));
    const atKill = smtp.accepted() - since;
    const committedAtKill = await db().digestDelivery.count({
      where: { period, OR: [{ status: "sent" }, { status: "claimed", messageId: { not: null } }] },
    });

    const second = startWorker();
    try {
      await until(() => settled(period), WITH_STARTUP_MS, "all deliveries settled after the restart");
      await new Promise((r) => setTimeout(r, 300));
    } catch (error) {
      console.warn(second.log.join("").slice(-3000));
      throw error;
    } finally {
      await stopWorker(second);
    }
    const result = tally(since);
    const unknown = await db().digestDelivery.count({
      where: { period, lastError: { contains: "commit point" } },
    });
    console.warn(
      `[crash test] killed after ${atKill} messages accepted (${committedAtKill} rows committed); after restart: ` +
        `${result.received} messages, ${result.distinct} recipients, ${result.duplicates} duplicated, ${result.missing} missing; ` +
        `${unknown} row(s) found past their commit point and settled as sent`,
    );
    expect(atKill).toBeLessThan(RECIPIENTS);
    expect(result.duplicates).toBe(0);
    expect(result.missing).toBe(0);
    expect(result.received).toBe(RECIPIENTS);
    expect(await db().digestDelivery.count({ where: { period, status: "sent" } })).toBe(RECIPIENTS);
  }, 240_000);

  it("SMTP refusing service for a while, two workers side by side: exactly one each", async () => {
    const period = "weekly:2026-W41";
    const since = smtp.messages.length;
    const a = startWorker();
    const b = startWorker();
    try {
      await triggerRun(period);
      await until(() => smtp.accepted() - since >= 200, WITH_STARTUP_MS, "200 messages before the outage");
      smtp.refuse(4_000);
      const atOutage = smtp.accepted() - since;
      await new Promise((r) => setTimeout(r, 4_000));
      const duringOutage = smtp.accepted() - since - atOutage;
      await until(() => settled(period), WITH_STARTUP_MS, "all deliveries settled after the outage");
      await new Promise((r) => setTimeout(r, 300));
      const result = tally(since);
      console.warn(
        `[outage test] ${atOutage} accepted before a 4 s refusal (${duringOutage} during it, in flight); after: ` +
          `${result.received} messages, ${result.distinct} recipients, ${result.duplicates} duplicated, ${result.missing} missing`,
      );
      expect(result.duplicates).toBe(0);
      expect(result.missing).toBe(0);
      expect(result.received).toBe(RECIPIENTS);
      const retried = await db().digestDelivery.count({ where: { period, lastError: { contains: "421" } } });
      expect(retried).toBeGreaterThan(0); // the outage was felt, and retried
    } catch (error) {
      console.warn(a.log.join("").slice(-2000), b.log.join("").slice(-2000));
      throw error;
    } finally {
      await Promise.all([stopWorker(a), stopWorker(b)]);
    }
  }, 240_000);
});
