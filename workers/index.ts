// The worker process: relays the outbox to BullMQ, runs job processors and schedulers, and shuts down
// gracefully: on SIGINT/SIGTERM it stops taking work, lets running jobs finish, and exits; if they do
// not finish in SHUTDOWN_TIMEOUT_MS it exits anyway (BullMQ hands a stalled job to another worker).
process.env.PUENTE_PROCESS ??= "worker";

import { createPrismaClient } from "~/utils/db.server";
import { loadEnvOrExit, workerEnvSchema } from "~/utils/env-schema";
import { logger } from "~/utils/logger.server";
import { createRedis, workerRedisOptions } from "~/utils/redis.server";
import { definitions } from "./definitions";
import { startOutboxRelay } from "./outbox-relay";
import { closeQueues, createQueues } from "./queues";
import { startProcessors } from "./registry";
import { registerSchedulers } from "./schedulers";

const env = loadEnvOrExit(workerEnvSchema);
const db = createPrismaClient(env.DATABASE_URL, { max: env.WORKER_CONCURRENCY + 4 });
const connection = createRedis(env.REDIS_URL, workerRedisOptions);
const queues = createQueues(connection, env.REDIS_PREFIX);

const workers = startProcessors({
  definitions,
  connection,
  prefix: env.REDIS_PREFIX,
  concurrency: env.WORKER_CONCURRENCY,
  context: { db, env, queues, logger },
});
const relay = startOutboxRelay(db, queues, {
  onError: (e) => logger.warn({ err: (e as Error).message }, "outbox relay waiting for database or Redis"),
});

async function registerSchedulersWhenReady() {
  for (let attempt = 1; ; attempt++) {
    try {
      await registerSchedulers(queues, env);
      return;
    } catch (error) {
      logger.warn({ err: (error as Error).message, attempt }, "cannot register schedulers yet; retrying");
      await new Promise((r) => setTimeout(r, Math.min(attempt * 1000, 10_000)));
    }
  }
}
void registerSchedulersWhenReady();
logger.info({ jobs: definitions.map((d) => d.name), queues: workers.map((w) => w.name) }, "worker started");

let shuttingDown = false;
async function shutdown(signal: string) {
  if (shuttingDown) return;
  shuttingDown = true;
  logger.info({ signal }, "worker shutting down");
  const force = setTimeout(() => {
    logger.error({ timeoutMs: env.SHUTDOWN_TIMEOUT_MS }, "forced exit: jobs did not finish in time");
    process.exit(1);
  }, env.SHUTDOWN_TIMEOUT_MS);
  force.unref();
  await relay.stop();
  await Promise.all(workers.map((w) => w.close()));
  await closeQueues(queues);
  connection.disconnect();
  await db.$disconnect();
  logger.info("worker stopped");
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
