// Repeating work, registered idempotently with BullMQ job schedulers (upsert: restarting the worker or
// running several workers never creates duplicate schedules). Schedules live in Redis only, so the
// worker also checks them periodically and re-registers them when Redis lost them (see `keepSchedules`).
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { WorkerEnv } from "~/utils/env-schema";
import type { QueueName } from "~/utils/jobs";
import { definitions } from "./definitions";
import type { Queues } from "./queues";

export type ScheduleDefinition = {
  id: string;
  queue: QueueName;
  jobName: string;
  pattern: (env: WorkerEnv) => string;
  /** The job's payload (default: none). */
  data?: unknown;
};

/** Every schedule, as each job's definition declares it. */
export const schedules: ScheduleDefinition[] = definitions.flatMap((d) =>
  d.schedules.map((s) => ({ id: s.id, queue: d.queue, jobName: d.name, pattern: s.pattern, data: s.data })),
);

export async function registerSchedulers(queues: Queues, env: WorkerEnv) {
  for (const s of schedules) {
    await queues[s.queue].upsertJobScheduler(
      s.id,
      { pattern: s.pattern(env) },
      { name: s.jobName, data: s.data ?? {} },
    );
  }
}

/**
 * Schedules that are not in Redis as defined: missing, with another pattern, or without their next
 * run (the delayed job a scheduler keeps for its next time).
 */
async function missingSchedules(queues: Queues, env: WorkerEnv): Promise<string[]> {
  const missing: string[] = [];
  for (const name of new Set(schedules.map((s) => s.queue))) {
    const queue = queues[name];
    const present = new Map((await queue.getJobSchedulers()).map((j) => [j.key, j]));
    for (const s of schedules.filter((d) => d.queue === name)) {
      const found = present.get(s.id);
      const next = found?.next ? await queue.getJob(`repeat:${s.id}:${found.next}`) : undefined;
      if (!found || found.pattern !== s.pattern(env) || !next) missing.push(s.id);
    }
  }
  return missing;
}

/**
 * Keeps the schedules registered for as long as the worker runs: at start (retrying until Redis
 * answers), whenever the connection becomes ready again after a loss (a restarted Redis comes back
 * empty), and every SCHEDULE_CHECK_SECONDS when a check finds one missing (keys lost without a
 * reconnection: a flush, an eviction, a failover). `onRestored` runs after each re-registration that
 * followed a loss, so the caller can sweep for work lost with them.
 */
export function keepSchedules(options: {
  queues: Queues;
  env: WorkerEnv;
  connection: Redis;
  logger: Logger;
  onRestored: (reason: string) => void;
}) {
  const { queues, env, logger } = options;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const serially = (fn: () => Promise<void>) => (running = running.then(fn, fn));

  async function register(reason: "start" | "reconnected" | "missing", missing?: string[]) {
    for (let attempt = 1; !stopped; attempt++) {
      try {
        await registerSchedulers(queues, env);
        if (reason !== "start") {
          logger.warn({ reason, missing }, "schedules re-registered");
          options.onRestored(reason);
        }
        return;
      } catch (error) {
        if (attempt === 1)
          logger.warn({ err: (error as Error).message }, "cannot register schedules yet; retrying");
        await new Promise((r) => setTimeout(r, Math.min(attempt * 1000, 10_000)));
      }
    }
  }

  void serially(() => register("start"));
  let readyOnce = options.connection.status === "ready";
  const onReady = () => {
    if (!readyOnce) {
      readyOnce = true;
      return; // the first connection: the start-up registration covers it
    }
    // A Redis that restarted empty lost them; a mere reconnection did not (nothing to do, nothing logged).
    void serially(async () => {
      const missing = await missingSchedules(queues, env).catch(() => ["(check failed)"]);
      if (missing.length) await register("reconnected", missing);
    });
  };
  options.connection.on("ready", onReady);
  const timer = setInterval(() => {
    void serially(async () => {
      try {
        const missing = await missingSchedules(queues, env);
        if (missing.length) await register("missing", missing);
      } catch {
        // Redis unreachable: the reconnection will re-register.
      }
    });
  }, env.SCHEDULE_CHECK_SECONDS * 1000);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      options.connection.off("ready", onReady);
      await running;
    },
  };
}
