// maintenance.stalls and maintenance.proposals: scheduled by STALL_CHECK_CRON (workers/schedulers.ts).
// Both are idempotent: each item is moved by a conditional update, so a retry or a second worker finds
// the work done and sends nothing twice.
import { detectStalledEngagements } from "~/features/engagements/services/engagements.server";
import { expireProposals, sendProposalReminders } from "~/features/review/services/review.server";
import { defineJob } from "../registry";

export const stallsJob = defineJob("maintenance.stalls", async (_payload, ctx) => {
  return detectStalledEngagements(ctx.db, ctx.env.ENGAGEMENT_STALL_DAYS);
});

export const proposalsJob = defineJob("maintenance.proposals", async (_payload, ctx) => {
  const now = new Date();
  // Expire first: a proposal past its expiry gets no reminder.
  const expired = await expireProposals(ctx.db, ctx.env.PROPOSAL_EXPIRY_DAYS, now);
  const reminded = await sendProposalReminders(ctx.db, now);
  return { ...expired, ...reminded };
});
