// The reminder jobs are registered the way every scheduled job is: a definition the worker runs and a
// schedule upserted with BullMQ (idempotently: registering twice leaves one scheduler each).
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv, workerEnvSchema } from "~/utils/env-schema";
import { workerRedisOptions } from "~/utils/redis.server";
import { definitions } from "~/../workers/definitions";
import { closeQueues, createQueues, type Queues } from "~/../workers/queues";
import { registerSchedulers } from "~/../workers/schedulers";

let redis: Redis;
let queues: Queues;
beforeAll(() => {
  redis = new Redis(process.env.REDIS_URL!, workerRedisOptions);
  queues = createQueues(redis, process.env.REDIS_PREFIX!);
});
afterAll(async () => {
  await closeQueues(queues);
  redis.disconnect();
});

describe("coordination reminder jobs", () => {
  it("are defined for the worker and scheduled from their env variables, once", async () => {
    const names = definitions.map((d) => d.name);
    expect(names).toContain("maintenance.call_reminders");
    expect(names).toContain("maintenance.action_reminders");
    const env = parseEnv(workerEnvSchema, {
      CALL_REMINDER_CRON: "*/7 * * * *",
      ACTION_REMINDER_CRON: "15 6 * * *",
    });
    await registerSchedulers(queues, env);
    await registerSchedulers(queues, env);
    const schedulers = await queues.maintenance.getJobSchedulers();
    const byId = new Map(schedulers.map((s) => [s.key, s]));
    expect(byId.get("maintenance-call-reminders")?.pattern).toBe("*/7 * * * *");
    expect(byId.get("maintenance-action-reminders")?.pattern).toBe("15 6 * * *");
    expect(schedulers.filter((s) => s.key === "maintenance-call-reminders")).toHaveLength(1);
  });
});
