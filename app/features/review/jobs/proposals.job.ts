// maintenance.proposals (STALL_CHECK_CRON): approved proposals past PROPOSAL_EXPIRY_DAYS expire, then the
// unanswered ones past their response time get one reminder. Idempotent: each proposal is moved by a
// conditional update, so a retry or a second worker finds the work done and sends nothing twice.
import { z } from "zod";
import { defineJob } from "~/utils/jobs";

export const proposalsJob = defineJob({
  name: "maintenance.proposals",
  schema: z.object({}),
  schedules: [{ id: "maintenance-proposals", pattern: (env) => env.STALL_CHECK_CRON }],
  async handle(_payload, ctx) {
    const { expireProposals, sendProposalReminders } = await import("../services/maintenance.server");
    const now = new Date();
    // Expire first: a proposal past its expiry gets no reminder.
    const expired = await expireProposals(ctx.db, ctx.env.PROPOSAL_EXPIRY_DAYS, now);
    const reminded = await sendProposalReminders(ctx.db, now);
    return { ...expired, ...reminded };
  },
});
