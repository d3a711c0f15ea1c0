// digest.legislation-alert: a tracked text entered the tracker or changed stage; its country's followers
// get one email each (queued through the email feature). Idempotent: one email per change and member.
import { z } from "zod";
import { defineJob, recordId } from "~/utils/jobs";

export const legislationAlertJob = defineJob({
  name: "digest.legislation-alert",
  schema: z.object({ stageChangeId: recordId }),
  async handle({ stageChangeId }, ctx) {
    const { sendStageAlerts } = await import("../services/alerts.server");
    return sendStageAlerts(ctx.db, stageChangeId);
  },
});
