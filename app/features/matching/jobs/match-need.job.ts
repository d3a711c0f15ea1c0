// matching.need: a need opened or changed (one job per need, deduplicated by its id). Runs are serialised
// by an advisory lock and proposals are unique per (need, offer), so a retried or duplicated job proposes
// nothing twice.
import { z } from "zod";
import { defineJob, recordId } from "~/utils/jobs";
import { recorded } from "./recorded";

export const matchNeedJob = defineJob({
  name: "matching.need",
  schema: z.object({ needId: recordId }),
  async handle({ needId }, { db }) {
    const { runMatchForNeeds } = await import("../services/job-services.server");
    return recorded("need_changed", await runMatchForNeeds(db, "need_changed", [needId]));
  },
});
