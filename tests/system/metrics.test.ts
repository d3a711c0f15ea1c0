// The Prometheus endpoints of the compiled web server and worker: on their own port, refused without the
// bearer token, and figures that move after a request and after a job.
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { enqueue } from "~/utils/outbox.server";
import { freePort, waitFor } from "../support/processes";

const token = "metrics-test-token-0123456789abcdef";
const children: ChildProcess[] = [];
const output: string[] = [];

function start(script: string, env: Record<string, string>) {
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, LOG_LEVEL: "warn", METRICS_TOKEN: token, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => output.push(String(d)));
  child.stderr!.on("data", (d) => output.push(String(d)));
  children.push(child);
  return child;
}

afterAll(async () => {
  await Promise.all(
    children.map((c) => {
      if (c.exitCode !== null) return;
      const exited = new Promise((r) => c.once("exit", r));
      c.kill("SIGKILL");
      return exited;
    }),
  );
});

const scrape = (port: number, auth?: string) =>
  fetch(`http://127.0.0.1:${port}/metrics`, auth ? { headers: { Authorization: auth } } : {});

/** The value of one sample (name with its labels exactly as exposed), or 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const found = /^[^{ ]+(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!found) continue;
    const have = Object.fromEntries(
      [...(found[1] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(found[2]);
  }
  return 0;
}

describe("web metrics", () => {
  let port: number;
  let metricsPort: number;
  beforeAll(async () => {
    port = await freePort();
    metricsPort = await freePort();
    start("build/web.js", {
      PORT: String(port),
      APP_URL: `http://127.0.0.1:${port}`,
      SESSION_SECRET: "metrics-test-session-secret-0123456789abcdef",
      METRICS_PORT: String(metricsPort),
    });
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok, 60_000).catch(
      (e: Error) => {
        throw new Error(`${e.message}\n${output.join("")}`);
      },
    );
  }, 90_000);

  it("refuses a scrape without the token, or with a wrong one", async () => {
    const none = await scrape(metricsPort);
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(await none.text()).not.toContain("puente_");
    expect((await scrape(metricsPort, `Bearer ${token}x`)).status).toBe(401);
    expect((await scrape(metricsPort, token)).status).toBe(401);
  });

  it("is not served on the public port", async () => {
    const res = await fetch(`http://127.0.0.1:${port}/metrics`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain("puente_http_request_duration_seconds");
  });

  it("counts requests per route pattern, not per URL, and says which React build runs", async () => {
    const before = await (await scrape(metricsPort, `Bearer ${token}`)).text();
    const labels = { method: "GET", route: "/reset-password/:token", status: "410" };
    const count = (text: string) => sample(text, "puente_http_request_duration_seconds_count", labels);
    for (const t of ["A".repeat(43), "B".repeat(43)])
      await fetch(`http://127.0.0.1:${port}/reset-password/${t}`);
    await fetch(`http://127.0.0.1:${port}/no/such/page`);

    const res = await scrape(metricsPort, `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    const after = await res.text();
    expect(count(after) - count(before)).toBe(2);
    expect(after).not.toContain("AAAAAAAA"); // a URL's content never becomes a label
    // An unknown address is answered by the catch-all route: one label for all of them.
    const unmatched = (text: string) =>
      sample(text, "puente_http_request_duration_seconds_count", { route: "/*", status: "404" });
    expect(unmatched(after) - unmatched(before)).toBe(1);
    expect(sample(after, "puente_build_info", { process: "web", react: "production" })).toBe(1);
    expect(sample(after, "puente_process_resident_memory_bytes")).toBeGreaterThan(0);
  });
});

describe("worker metrics", () => {
  let metricsPort: number;
  beforeAll(async () => {
    metricsPort = await freePort();
    start("build/worker.js", { WORKER_METRICS_PORT: String(metricsPort), LOG_LEVEL: "info" });
    await waitFor(() => output.join("").includes("worker started"), 60_000).catch((e: Error) => {
      throw new Error(`${e.message}\n${output.join("")}`);
    });
  }, 90_000);

  it("refuses a scrape without the token", async () => {
    expect((await scrape(metricsPort)).status).toBe(401);
  });

  it("counts jobs per queue, and reads queue depths and the outbox backlog when scraped", async () => {
    const read = async () => (await scrape(metricsPort, `Bearer ${token}`)).text();
    const labels = { queue: "maintenance", job: "maintenance.sessions" };
    const before = await read();
    expect(sample(before, "puente_jobs_completed_total", labels)).toBe(0);

    const row = await db().$transaction((tx) => enqueue(tx, "maintenance.sessions", {}));
    await waitFor(async () => {
      const text = await read();
      return sample(text, "puente_jobs_completed_total", labels) === 1 && text;
    }, 30_000);
    const after = await read();
    expect(sample(after, "puente_job_duration_seconds_count", labels)).toBe(1);
    expect(sample(after, "puente_jobs_failed_total", labels)).toBe(0);
    expect(sample(after, "puente_outbox_backlog")).toBe(0);
    expect((await db().outboxEvent.findUnique({ where: { id: row.id } }))?.relayedAt).not.toBeNull();
    expect(after).toMatch(/^puente_queue_jobs\{queue="maintenance",state="completed"\} [1-9]/m);
    expect(sample(after, "puente_build_info", { process: "worker", react: "production" })).toBe(1);

    // Read from PostgreSQL at each scrape: an email waiting to be sent shows at once.
    expect(sample(after, "puente_emails_queued")).toBe(0);
    await db().emailMessage.create({
      data: { toAddress: "someone@example.org", template: "password_reset", params: {} },
    });
    expect(sample(await read(), "puente_emails_queued")).toBe(1);
  });
});
