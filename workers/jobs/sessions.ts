// maintenance.sessions: hourly clean-up of expired sessions and dead email tokens (idempotent deletes).
import { purgeExpired } from "~/features/auth/services/housekeeping.server";
import { defineJob } from "../registry";

export const sessionsJob = defineJob("maintenance.sessions", async (_payload, ctx) => purgeExpired(ctx.db));
