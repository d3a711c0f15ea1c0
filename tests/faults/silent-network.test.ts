// Fault drill: the network goes silent. A firewall or NAT drops the state of every connection to
// PostgreSQL and Redis without closing them: no reset, no answer, ever (tests/faults/pg-proxy.ts's
// silence(); the machine's shared services are never touched). Without timeouts every pooled connection
// waits for an answer that does not come and the process is wedged until the kernel gives up (about 15
// minutes). With them, requests fail fast (a friendly 503) while the network is away, and web and
// worker serve and work again within seconds of new connections getting through.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queueEmail } from "~/features/email/services/queue-email.server";
import { db, disconnectDb } from "~/utils/db.server";
import { closeWebRedis } from "~/utils/redis.server";
import { closeSqlPools } from "~/utils/sql.server";
import { send } from "../support/app";
import { createNeed, createNetwork } from "../support/factories";
import { startWorker, waitFor, type WorkerProcess } from "../support/processes";
import { createTestSession } from "../support/sessions";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp";
import { startPgProxy } from "./pg-proxy";

/** Short on purpose, so the drill is quick: production defaults are in the env schema. */
const TIMEOUTS = {
  DATABASE_CONNECT_TIMEOUT_MS: "1000",
  DATABASE_QUERY_TIMEOUT_MS: "1500",
  DATABASE_STATEMENT_TIMEOUT_MS: "1000",
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: "2000",
  TCP_KEEPALIVE_MS: "1000",
  REDIS_SOCKET_TIMEOUT_MS: "1500",
  REDIS_COMMAND_TIMEOUT_MS: "500",
};
const SILENCE_MS = 4_000;

type Proxy = Awaited<ReturnType<typeof startPgProxy>>;
let pgProxy: Proxy;
let redisProxy: Proxy;
let directDb: string;
let directRedis: string;
let smtp: TestSmtpServer;
let worker: WorkerProcess | undefined;
const saved: Record<string, string | undefined> = {};

function redisTarget(url: string) {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port || 6379) };
}

beforeAll(async () => {
  directDb = process.env.DATABASE_URL!;
  directRedis = process.env.REDIS_URL!;
  smtp = await startSmtpServer();
  pgProxy = await startPgProxy();
  redisProxy = await startPgProxy(redisTarget(directRedis));
});

afterAll(async () => {
  if (worker && worker.child.exitCode === null) {
    worker.child.kill("SIGKILL");
    await worker.exited;
  }
  await disconnectDb();
  await closeSqlPools();
  await closeWebRedis();
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  process.env.DATABASE_URL = directDb;
  process.env.REDIS_URL = directRedis;
  await pgProxy?.stop();
  await redisProxy?.stop();
  await smtp?.close();
});

describe("the network to PostgreSQL and Redis goes silent", () => {
  it(
    "web: answers 503 quickly while it is silent, and serves again within seconds of its return",
    { timeout: 120_000 },
    async () => {
      const n = await createNetwork();
      const need = await createNeed({ organisationId: n.coalition.id, createdById: n.coalitionUser.id });
      const { cookie } = await createTestSession(n.coalitionUser.id, {
        activeOrganisationId: n.coalition.id,
      });
      // From here on, this process's pools and its Redis client go through the proxies.
      for (const [key, value] of Object.entries(TIMEOUTS)) {
        saved[key] = process.env[key];
        process.env[key] = value;
      }
      await disconnectDb();
      await closeSqlPools();
      await closeWebRedis();
      process.env.DATABASE_URL = pgProxy.url(directDb);
      process.env.REDIS_URL = redisProxy.url(directRedis).replace(/^postgresql:/, "redis:");
      const pages = ["/needs", `/needs/${need.id}`, "/offers"];
      for (const path of pages) expect((await send(path, { cookie })).status, path).toBe(200);
      expect((await send("/readyz")).status).toBe(200);

      pgProxy.silence();
      redisProxy.silence();
      const log: string[] = [];
      const silentSince = Date.now();
      let answered = 0;
      while (Date.now() - silentSince < SILENCE_MS) {
        const started = Date.now();
        const res = await send(pages[answered % pages.length]!, { cookie });
        log.push(`${res.status} in ${Date.now() - started} ms`);
        expect([503]).toContain(res.status);
        answered++;
      }
      const ready = await send("/readyz");
      expect(ready.status).toBe(503);

      await pgProxy.restore();
      await redisProxy.restore();
      const back = Date.now();
      await waitFor(
        async () =>
          (await send("/needs", { cookie })).status === 200 && (await send("/readyz")).status === 200,
        10_000,
        100,
      );
      const recovered = Date.now() - back;
      for (const path of pages) expect((await send(path, { cookie })).status, path).toBe(200);
      console.info(
        `[silent network drill, web] ${answered} requests answered during ${SILENCE_MS} ms of silence (${log.join(", ")}); ` +
          `serving again ${recovered} ms after the network returned`,
      );
    },
  );

  it(
    "worker: sends the email written during the silence within seconds of the network's return",
    { timeout: 120_000 },
    async () => {
      const env = {
        ...TIMEOUTS,
        DATABASE_URL: pgProxy.url(directDb),
        REDIS_URL: redisProxy.url(directRedis).replace(/^postgresql:/, "redis:"),
        SMTP_URL: smtp.url,
        LOG_LEVEL: "warn",
      };
      await pgProxy.restore(); // (whatever the previous test left)
      await redisProxy.restore();
      worker = startWorker(env);
      const queue = (label: string, count: number) =>
        db().$transaction(async (tx) => {
          for (let i = 0; i < count; i++)
            await queueEmail(tx, {
              to: `${label}-${i}@example.org`,
              template: "engagement_problem",
              locale: "en",
              params: { engagementUrl: "http://localhost:3000/engagements/e1", needTitle: `${label} ${i}` },
            });
        });
      // This process writes directly; only the worker goes through the proxies.
      process.env.DATABASE_URL = directDb;
      await disconnectDb();
      const since = smtp.messages.length;
      await queue("before", 1);
      await smtp.waitFor(since + 1, 30_000);

      pgProxy.silence();
      redisProxy.silence();
      await queue("during", 5);
      await new Promise((r) => setTimeout(r, SILENCE_MS));
      expect(smtp.messages.length).toBe(since + 1);

      await pgProxy.restore();
      await redisProxy.restore();
      const back = Date.now();
      await smtp.waitFor(since + 6, 20_000).catch((error: Error) => {
        throw new Error(`${error.message}\n${worker?.output().slice(-3000)}`);
      });
      const recovered = Date.now() - back;
      await waitFor(
        async () => (await db().emailMessage.count({ where: { status: "queued" } })) === 0,
        10_000,
      );
      await new Promise((r) => setTimeout(r, 1_000));
      const during = smtp.messages.slice(since).filter((m) => m.envelope.to[0]!.startsWith("during-"));
      expect(during.map((m) => m.envelope.to[0]).sort()).toEqual(
        Array.from({ length: 5 }, (_, i) => `during-${i}@example.org`),
      );
      console.info(
        `[silent network drill, worker] emails written during the silence sent ${recovered} ms after its end`,
      );
    },
  );
});
