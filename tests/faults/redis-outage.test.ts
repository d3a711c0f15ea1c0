// Fault drill: Redis stopped under load. The web app (production build, in-process) and the real worker
// use a throwaway redis-server on a free port — never the machine's shared Redis. While it is down,
// pages keep serving, posted engagement problems are stored with their emails waiting in the outbox,
// and /readyz reports Redis as not ready; after Redis returns (empty: it keeps nothing on disk), the
// worker relays the outbox and every email arrives at the SMTP server exactly once.
// The outage lasts 5 s here; FAULT_REDIS_OUTAGE_MS=30000 runs issue 8's 30-second drill with the same test.
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { closeWebRedis } from "~/utils/redis.server";
import { send } from "../support/app";
import { createActiveEngagement } from "../support/engagement-fixture";
import { createNetwork } from "../support/factories";
import { startRedisServer, startWorker, waitFor, type WorkerProcess } from "../support/processes";
import { createTestSession, enableTotpFor } from "../support/sessions";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp";

const OUTAGE_MS = Number(process.env.FAULT_REDIS_OUTAGE_MS ?? 5_000);
const CONCURRENCY = 8;

let redis: Awaited<ReturnType<typeof startRedisServer>>;
let smtp: TestSmtpServer;
let worker: WorkerProcess | undefined;
let originalRedisUrl: string | undefined;

async function stop(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM") {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill(signal);
  await exited;
}

beforeAll(async () => {
  originalRedisUrl = process.env.REDIS_URL; // set by tests/setup/per-file.ts's beforeAll, which runs first
  redis = await startRedisServer();
  smtp = await startSmtpServer();
  process.env.REDIS_URL = redis.url;
  await closeWebRedis();
});

afterAll(async () => {
  if (worker) await stop(worker.child, "SIGKILL");
  await closeWebRedis();
  if (originalRedisUrl) process.env.REDIS_URL = originalRedisUrl;
  await redis?.stop();
  await smtp?.close();
});

describe("Redis stopped under load", () => {
  it(
    `keeps serving pages, keeps writes in the outbox and delivers everything once Redis is back (${OUTAGE_MS} ms outage)`,
    { timeout: OUTAGE_MS + 90_000 },
    async () => {
      const n = await createNetwork();
      await enableTotpFor(n.secretariatUser.id);
      const { need, engagement } = await createActiveEngagement(n);
      const coalition = (
        await createTestSession(n.coalitionUser.id, { activeOrganisationId: n.coalition.id })
      ).cookie;
      const expert = (await createTestSession(n.expertUser.id, { activeOrganisationId: n.expert.id })).cookie;
      const secretariats = await db().membership.count({ where: { organisation: { kind: "SECRETARIAT" } } });
      expect(secretariats).toBeGreaterThan(0);

      worker = startWorker({ REDIS_URL: redis.url, SMTP_URL: smtp.url, LOG_LEVEL: "warn" });
      let posted = 0;
      const postProblem = async (cookie: string) => {
        const res = await send(`/engagements/${engagement.id}`, {
          cookie,
          form: { intent: "problem", body: `Problem report ${++posted}: the hearing was moved.` },
        });
        expect(res.status, res.body.slice(0, 300)).toBe(302);
        return res;
      };
      // Before: the whole path works (web → outbox → worker → SMTP).
      await postProblem(coalition);
      await smtp.waitFor(secretariats, 30_000);
      expect((await send("/readyz")).status).toBe(200);

      // Redis goes away (SIGKILL: no goodbye to the clients).
      await redis.stop();
      const outageStarted = Date.now();
      const statuses = new Map<string, number>();
      const count = (key: string) => statuses.set(key, (statuses.get(key) ?? 0) + 1);
      let readyzDown = 0;
      let slowest = 0;
      const pages = [
        "/needs",
        `/needs/${need.id}`,
        `/engagements/${engagement.id}`,
        "/offers",
        "/engagements",
      ];
      const client = async (i: number) => {
        for (let k = 0; Date.now() - outageStarted < OUTAGE_MS && k < 10_000; k++) {
          const started = Date.now();
          if (k % 5 === 4) {
            const res = await postProblem(i % 2 ? expert : coalition);
            count(`POST ${res.status}`);
          } else if (k % 10 === 3) {
            const res = await send("/readyz");
            count(`readyz ${res.status}`);
            const body = JSON.parse(res.body) as {
              checks: { database: { ok: boolean }; redis: { ok: boolean } };
            };
            if (res.status === 503 && !body.checks.redis.ok && body.checks.database.ok) readyzDown++;
          } else {
            const res = await send(pages[(i + k) % pages.length], { cookie: i % 2 ? expert : coalition });
            count(`GET ${res.status}`);
            expect(res.status).toBe(200);
          }
          slowest = Math.max(slowest, Date.now() - started);
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => client(i)));
      const waiting = await db().outboxEvent.count({ where: { relayedAt: null } });
      const postedDuringOutage = posted - 1;
      expect(postedDuringOutage).toBeGreaterThan(0);
      expect(readyzDown).toBeGreaterThan(0);
      expect(waiting).toBeGreaterThanOrEqual(postedDuringOutage * secretariats);
      expect(smtp.accepted()).toBe(secretariats); // nothing could be sent meanwhile

      // Redis returns (on the same port, empty). Everything waiting is delivered, once.
      const back = Date.now();
      redis = await startRedisServer(redis.port);
      await waitFor(
        async () => (await db().outboxEvent.count({ where: { relayedAt: null } })) === 0,
        60_000,
        250,
      );
      const expected = posted * secretariats;
      await smtp.waitFor(expected, 60_000);
      const deliveredAfter = Date.now() - back;
      await new Promise((r) => setTimeout(r, 2_000)); // would a duplicate still arrive?
      expect(smtp.accepted()).toBe(expected);
      const emails = await db().emailMessage.groupBy({
        by: ["status"],
        _count: true,
        where: { template: "engagement_problem" },
      });
      expect(emails).toEqual([{ status: "sent", _count: expected }]);
      expect(
        await db().engagementUpdate.count({ where: { engagementId: engagement.id, kind: "problem" } }),
      ).toBe(posted);
      await waitFor(async () => (await send("/readyz")).status === 200, 15_000, 200);

      console.info(
        `[redis outage drill] outage ${OUTAGE_MS} ms, ${CONCURRENCY} clients: ${[...statuses].map(([k, v]) => `${k}×${v}`).join(", ")}; ` +
          `slowest request ${slowest} ms; /readyz reported Redis down ${readyzDown}×; ${waiting} outbox rows waited; ` +
          `all ${expected} emails delivered ${deliveredAfter} ms after Redis returned, none twice`,
      );
      await stop(worker.child);
      worker = undefined;
    },
  );
});
