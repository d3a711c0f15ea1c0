// maintenance.sessions (hourly): clean-up of expired sessions and dead email tokens (idempotent deletes).
import { z } from "zod";
import { defineJob } from "~/utils/jobs";

export const sessionsJob = defineJob({
  name: "maintenance.sessions",
  schema: z.object({}),
  schedules: [{ id: "maintenance-sessions", pattern: () => "17 * * * *" }],
  async handle(_payload, ctx) {
    const { purgeExpired } = await import("../services/housekeeping.server");
    return purgeExpired(ctx.db);
  },
});
