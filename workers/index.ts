// The worker process: relays the outbox to BullMQ, runs job processors and schedulers, and shuts down
// gracefully: on SIGINT/SIGTERM it stops taking work, lets running jobs finish, and exits; if they do
// not finish in SHUTDOWN_TIMEOUT_MS it exits anyway (BullMQ hands a stalled job to another worker).
process.env.PUENTE_PROCESS ??= "worker";

import * as React from "react";
import { createPrismaClient } from "~/utils/db.server";
import { loadEnvOrExit, workerEnvSchema } from "~/utils/env-schema";
import { logger } from "~/utils/logger.server";
import { dependencyDown, dependencyUp, isRedisUnavailable } from "~/utils/outages.server";
import { isDatabaseUnavailable } from "~/utils/unavailable.server";
import { metricsAddress, startMetricsServerOrExit } from "~/utils/metrics-server.server";
import { collectProcessMetrics, registerBuildInfo } from "~/utils/metrics.server";
import { createRedis, workerRedisOptions } from "~/utils/redis.server";
import { definitions } from "./definitions";
import { startOutboxRelay } from "./outbox-relay";
import { closeQueues, createQueues } from "./queues";
import { registerWorkerGauges } from "./metrics";
import { startProcessors } from "./registry";
import { keepSchedules } from "./schedulers";

const env = loadEnvOrExit(workerEnvSchema);
const db = createPrismaClient(env.DATABASE_URL);
const connection = createRedis(env.REDIS_URL, workerRedisOptions);
const queues = createQueues(connection, env.REDIS_PREFIX);

const workers = startProcessors({
  definitions,
  connection,
  prefix: env.REDIS_PREFIX,
  concurrency: env.WORKER_CONCURRENCY,
  context: { db, env, queues, logger },
});
// Outages are logged when they start and end (outages.server.ts), not at every retry of every part.
const relay = startOutboxRelay(db, queues, {
  onError: (e) => {
    if (isDatabaseUnavailable(e)) dependencyDown("database", e);
    else if (isRedisUnavailable(e)) dependencyDown("redis", e);
    else logger.warn({ err: (e as Error).message }, "outbox relay failed; retrying");
  },
  onRecovered: () => {
    dependencyUp("database");
    dependencyUp("redis");
  },
});
connection.on("ready", () => dependencyUp("redis"));

// Work lost with Redis (an empty restart, a flush) comes back through the sweeper: once at start, and
// after every loss of the schedules. One sweep at a time across workers (deduplicated while it is queued or running).
function sweepSoon(reason: string) {
  void queues.maintenance
    .add("maintenance.sweep", {}, { deduplication: { id: "maintenance-sweep-now" } })
    .catch((error: Error) => logger.warn({ reason, err: error.message }, "cannot queue a sweep yet"));
}
const schedules = keepSchedules({ queues, env, connection, logger, onRestored: sweepSoon });
sweepSoon("start");

const metrics = { port: env.WORKER_METRICS_PORT, host: env.METRICS_HOST, token: env.METRICS_TOKEN };
if (metrics.port) {
  collectProcessMetrics();
  registerBuildInfo("worker", React as unknown as Record<string, unknown>);
  registerWorkerGauges(db, queues);
  await startMetricsServerOrExit({ port: metrics.port, host: metrics.host, token: metrics.token }, logger);
}
// One line: what it works on and where (the Redis URL without its password).
logger.info(
  {
    redis: redisAddress(env.REDIS_URL),
    prefix: env.REDIS_PREFIX,
    queues: workers.map((w) => w.name),
    metrics: metricsAddress(metrics),
  },
  "worker started",
);

function redisAddress(url: string) {
  const u = new URL(url);
  u.username = "";
  u.password = "";
  return u.toString();
}

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
  await schedules.stop();
  await Promise.all(workers.map((w) => w.close()));
  await closeQueues(queues);
  connection.disconnect();
  await db.$disconnect();
  logger.info("worker stopped");
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
