// matching.rebalance (MATCH_REBALANCE_CRON): the global assignment over every open need. Idempotent like
// every run (advisory lock, unique (need, offer) proposals).
import { z } from "zod";
import { defineJob } from "~/utils/jobs";
import { recorded } from "./recorded";

export const rebalanceJob = defineJob({
  name: "matching.rebalance",
  schema: z.object({}),
  schedules: [{ id: "matching-rebalance", pattern: (env) => env.MATCH_REBALANCE_CRON }],
  // A full rebalance can take a while on a big network: keep its lock long enough.
  worker: { lockDuration: 120_000 },
  async handle(_payload, { db }) {
    const { runMatchForNeeds } = await import("../services/job-services.server");
    return recorded("rebalance", await runMatchForNeeds(db, "rebalance", "all"));
  },
});
