// Fault drill: PostgreSQL restored from a backup under a running worker whose Redis still remembers the
// jobs that ran after the backup. The restore rewinds the outbox's id sequence, so new rows get ids that
// completed jobs in Redis already carry; job ids must not collide with them, or BullMQ drops the new jobs
// as duplicates and the work after a restore silently never happens. The backup and restore are the
// README's own commands (pg_dump --format=custom, pg_restore into an empty database of the same name).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queueEmail } from "~/features/email/services/queue-email.server";
import { db, disconnectDb } from "~/utils/db.server";
import { startWorker, waitFor, type WorkerProcess } from "../support/processes";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp";
import { withAdmin } from "../support/test-db";

const BATCH = 50;
let smtp: TestSmtpServer;
let worker: WorkerProcess | undefined;
let dir: string;

beforeAll(async () => {
  smtp = await startSmtpServer();
  dir = mkdtempSync(join(tmpdir(), "puente-restore-"));
});

afterAll(async () => {
  if (worker && worker.child.exitCode === null) {
    worker.child.kill("SIGKILL");
    await worker.exited;
  }
  await smtp?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function queueBatch(label: string) {
  await db().$transaction(async (tx) => {
    for (let i = 0; i < BATCH; i++)
      await queueEmail(tx, {
        to: `${label}-${i}@example.org`,
        template: "engagement_problem",
        locale: "en",
        params: { engagementUrl: "http://localhost:3000/engagements/e1", needTitle: `${label} ${i}` },
      });
  });
}

describe("PostgreSQL restored from a backup under a running worker", () => {
  it(
    "runs the work written after the restore, although Redis still holds the jobs the backup never saw",
    { timeout: 180_000 },
    async () => {
      const url = process.env.DATABASE_URL!;
      const name = new URL(url).pathname.slice(1);
      worker = startWorker({ SMTP_URL: smtp.url, LOG_LEVEL: "warn" });

      const dump = join(dir, "puente.dump");
      execFileSync("pg_dump", ["--format=custom", "--no-owner", "--file", dump, url]);

      // Work done after the backup: sent, and its completed jobs kept in Redis (for a day).
      await queueBatch("before");
      await smtp.waitFor(BATCH, 60_000);
      await waitFor(
        async () => (await db().emailMessage.count({ where: { status: "sent" } })) === BATCH,
        20_000,
      );

      // The restore: the database is replaced by the backup, the worker keeps running.
      await disconnectDb();
      await withAdmin(async (c) => {
        await c.query(`DROP DATABASE "${name}" WITH (FORCE)`);
        await c.query(`CREATE DATABASE "${name}" TEMPLATE template0`);
      });
      execFileSync("pg_restore", ["--no-owner", "--dbname", url, dump]);
      expect(await db().emailMessage.count()).toBe(0);

      // New work after the restore: its outbox rows reuse the ids of the "before" rows.
      await queueBatch("after");
      const rows = await db().outboxEvent.findMany({ where: { name: "email.send" }, select: { id: true } });
      expect(rows.map((r) => Number(r.id)).sort((a, b) => a - b)[0]).toBeLessThanOrEqual(BATCH); // rewound
      await waitFor(
        async () => (await db().emailMessage.count({ where: { status: "sent" } })) === BATCH,
        60_000,
        250,
      ).catch(async (error: Error) => {
        const sent = await db().emailMessage.count({ where: { status: "sent" } });
        throw new Error(`${sent} of ${BATCH} emails written after the restore were sent: ${error.message}`);
      });
      const received = await smtp.waitFor(2 * BATCH, 30_000);
      const after = received.filter((m) => m.envelope.to[0]!.startsWith("after-"));
      expect(new Set(after.map((m) => m.envelope.to[0])).size).toBe(BATCH);
      expect(after).toHaveLength(BATCH); // none twice
      // Each job marked its row done, so the sweeper has nothing to send again.
      await waitFor(async () => (await db().outboxEvent.count({ where: { doneAt: null } })) === 0, 10_000);
    },
  );
});
