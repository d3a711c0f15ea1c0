import { afterEach, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { enqueue } from "~/utils/outbox.server";
import { startWorker, waitFor, type WorkerProcess } from "../support/processes";

let worker: WorkerProcess | undefined;
afterEach(async () => {
  if (worker && worker.child.exitCode === null) {
    worker.child.kill("SIGKILL");
    await worker.exited;
  }
});

describe("worker process", () => {
  it("relays the outbox while running and shuts down gracefully on SIGTERM", async () => {
    worker = startWorker();
    await waitFor(() => worker!.output().includes("worker started"), 20_000).catch((e) => {
      throw new Error(`${(e as Error).message}\n${worker!.output()}`);
    });
    const row = await db().$transaction((tx) => enqueue(tx, "maintenance.stalls", {}));
    await waitFor(
      async () => (await db().outboxEvent.findUnique({ where: { id: row.id } }))?.relayedAt,
      10_000,
    );

    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
    expect(worker.output()).toContain("worker stopped");
    // Structured JSON logs, one object per line.
    const lines = worker
      .output()
      .trim()
      .split("\n")
      .filter((l) => l.startsWith("{"));
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  });

  it("stops with one clear message naming every bad variable", async () => {
    worker = startWorker({ DATABASE_URL: "mysql://nope", ENGAGEMENT_STALL_DAYS: "-3" });
    expect(await worker.exited).toBe(1);
    expect(worker.output()).toContain("Invalid environment configuration");
    expect(worker.output()).toContain("DATABASE_URL");
    expect(worker.output()).toContain("ENGAGEMENT_STALL_DAYS");
  });
});
