// Fault drill for the logs: an outage is two lines — when it starts and when it ends — not a stack trace
// per request (a drill once logged 2.3 MB in 10 s of database outage). The real web server (build/web.js,
// production build) and the real worker run with LOG_LEVEL=info against a PostgreSQL proxy we cut and a
// throwaway redis-server we stop; the test counts the lines they write meanwhile.
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createNetwork } from "../support/factories";
import { freePort, startRedisServer, startWorker, waitFor, type WorkerProcess } from "../support/processes";
import { createTestSession } from "../support/sessions";
import { startPgProxy } from "./pg-proxy";

const REQUESTS = 30;
const children: ChildProcess[] = [];
let worker: WorkerProcess | undefined;

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode !== null) continue;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await exited;
  }
  if (worker && worker.child.exitCode === null) {
    worker.child.kill("SIGKILL");
    await worker.exited;
  }
  worker = undefined;
});

let cleanup: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const fn of cleanup) await fn();
  cleanup = [];
});

/** JSON log lines written since `from` (an offset in the output). */
function linesSince(output: string, from: number) {
  return output
    .slice(from)
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as { level: number; msg: string; dependency?: string; stack?: string });
}

describe("logging through outages", () => {
  it(
    "web: one line when the database goes, one when it is back; the same for Redis",
    { timeout: 180_000 },
    async () => {
      const n = await createNetwork();
      const { cookie } = await createTestSession(n.coalitionUser.id, {
        activeOrganisationId: n.coalition.id,
      });
      const proxy = await startPgProxy();
      const redis = await startRedisServer();
      cleanup.push(
        () => proxy.stop(),
        () => redis.stop(),
      );
      const port = await freePort();
      let output = "";
      const web = spawn(process.execPath, ["build/web.js"], {
        env: {
          ...process.env,
          NODE_ENV: "production",
          PORT: String(port),
          APP_URL: `http://127.0.0.1:${port}`,
          DATABASE_URL: proxy.url(process.env.DATABASE_URL!),
          REDIS_URL: redis.url,
          SESSION_SECRET: "outage-logging-test-secret-0123456789abcdef",
          LOG_LEVEL: "info",
          DATABASE_CONNECT_TIMEOUT_MS: "1000",
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      children.push(web);
      web.stdout!.on("data", (d) => (output += d));
      web.stderr!.on("data", (d) => (output += d));
      const base = `http://127.0.0.1:${port}`;
      const get = (path: string) => fetch(`${base}${path}`, { headers: { cookie } });
      const signIn = () =>
        fetch(`${base}/login`, {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base },
          body: new URLSearchParams({
            email: "nobody@example.org",
            password: "a long and private passphrase",
          }),
        });
      await waitFor(async () => (await get("/needs")).status === 200, 90_000, 250).catch((e: Error) => {
        throw new Error(`${e.message}\n${output}`);
      });

      // The database goes away: every request answers 503, the log gets one line.
      let mark = output.length;
      await proxy.cut();
      for (let i = 0; i < REQUESTS; i++) expect((await get("/needs")).status).toBe(503);
      const during = linesSince(output, mark);
      console.info(
        `[outage logging drill] ${REQUESTS} requests while the database was away: ${during.length} log line(s), ${output.length - mark} bytes`,
      );
      expect(during.filter((l) => l.level >= 50)).toHaveLength(1); // no error per request
      expect(during.filter((l) => l.msg === "database unavailable")).toHaveLength(1);
      expect(during.some((l) => l.stack)).toBe(false);
      await proxy.restore();
      await waitFor(async () => (await get("/needs")).status === 200, 15_000, 100);
      await waitFor(() => linesSince(output, mark).some((l) => l.msg === "database available again"), 10_000);
      const dbLines = linesSince(output, mark).filter((l) => l.dependency === "database");
      expect(dbLines.map((l) => l.msg)).toEqual(["database unavailable", "database available again"]);

      // Redis goes away: sign-in fails open, the log gets one line, and one when Redis is back.
      mark = output.length;
      await redis.stop();
      // (400: the credentials are wrong, which the database could still tell.)
      for (let i = 0; i < REQUESTS / 3; i++) expect((await signIn()).status).toBe(400);
      const back = await startRedisServer(redis.port);
      cleanup.push(() => back.stop());
      // The first request to find Redis back ends the outage.
      await waitFor(
        async () =>
          (await signIn()).status === 400 &&
          linesSince(output, mark).some((l) => l.msg === "redis available again"),
        15_000,
        250,
      );
      const redisLines = linesSince(output, mark).filter((l) => l.level >= 40 || l.dependency);
      expect(redisLines.map((l) => l.msg)).toEqual(["redis unavailable", "redis available again"]);
    },
  );

  it(
    "worker: one line when Redis goes, one when it is back, whatever its queues and workers retry",
    { timeout: 120_000 },
    async () => {
      const redis = await startRedisServer();
      cleanup.push(() => redis.stop());
      worker = startWorker({ REDIS_URL: redis.url, LOG_LEVEL: "info" });
      await waitFor(() => worker!.output().includes("worker started"), 60_000);
      await new Promise((r) => setTimeout(r, 1_000));
      const mark = worker.output().length;
      await redis.stop();
      await new Promise((r) => setTimeout(r, 8_000)); // several reconnection attempts of every queue and worker
      const back = await startRedisServer(redis.port);
      cleanup.push(() => back.stop());
      await waitFor(
        () => linesSince(worker!.output(), mark).some((l) => l.msg === "redis available again"),
        30_000,
      );
      const lines = linesSince(worker.output(), mark).filter((l) => l.level >= 40 || l.dependency);
      expect(lines.filter((l) => l.dependency === "redis").map((l) => l.msg)).toEqual([
        "redis unavailable",
        "redis available again",
      ]);
      // Besides those two, at most the re-registration of the lost schedules.
      expect(lines.filter((l) => !l.dependency).map((l) => l.msg)).toEqual(
        lines.filter((l) => !l.dependency).map(() => "schedules re-registered"),
      );
    },
  );
});
