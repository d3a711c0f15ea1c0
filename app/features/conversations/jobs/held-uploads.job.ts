// maintenance.held_uploads (every 10 minutes): held uploads nobody decided about are destroyed after an
// hour (documents feature). Idempotent: a destroyed upload is gone.
import { z } from "zod";
import { defineJob } from "~/utils/jobs";
import { db } from "~/utils/db.server";

export const heldUploadsJob = defineJob({
  name: "maintenance.held_uploads",
  schema: z.object({}),
  schedules: [{ id: "maintenance-held-uploads", pattern: () => "*/10 * * * *" }],
  async handle() {
    const { sweepExpiredHeld } = await import("~/features/documents/index.server");
    return { destroyed: await db().$transaction((tx) => sweepExpiredHeld(tx)) };
  },
});
