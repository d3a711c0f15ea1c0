// Figures the worker reads when Prometheus scrapes it: queue depths from Redis, the outbox backlog and
// the emails waiting, from PostgreSQL. Counters and durations of jobs are kept by the registry as jobs run.
import type { JobType } from "bullmq";
import type { PrismaClient } from "~/generated/prisma/client";
import { scrapedGauge } from "~/utils/metrics.server";
import type { Queues } from "./queues";

const states: JobType[] = [
  "waiting",
  "active",
  "delayed",
  "prioritized",
  "waiting-children",
  "failed",
  "completed",
];

export function registerWorkerGauges(db: PrismaClient, queues: Queues) {
  scrapedGauge({
    name: "puente_queue_jobs",
    help: "Jobs in each BullMQ queue by state (completed and failed are those still kept)",
    labelNames: ["queue", "state"],
    async read(set) {
      for (const [name, queue] of Object.entries(queues)) {
        const counts = await queue.getJobCounts(...states);
        for (const state of states) set({ queue: name, state }, counts[state] ?? 0);
      }
    },
  });
  scrapedGauge({
    name: "puente_outbox_backlog",
    help: "Outbox rows not yet relayed to the queues",
    async read(set) {
      const [row] = await db.$queryRaw<Array<{ n: bigint }>>`
        SELECT count(*) AS n FROM "OutboxEvent" WHERE "relayedAt" IS NULL`;
      set({}, Number(row?.n ?? 0));
    },
  });
  scrapedGauge({
    name: "puente_outbox_oldest_age_seconds",
    help: "Age of the oldest outbox row not yet relayed (0 when none)",
    async read(set) {
      const [row] = await db.$queryRaw<Array<{ age: number | null }>>`
        SELECT EXTRACT(EPOCH FROM now() - min("createdAt"))::float8 AS age
        FROM "OutboxEvent" WHERE "relayedAt" IS NULL`;
      set({}, row?.age ?? 0);
    },
  });
  scrapedGauge({
    name: "puente_emails_queued",
    help: "Emails waiting to be sent",
    async read(set) {
      set({}, await db.emailMessage.count({ where: { status: "queued" } }));
    },
  });
}
