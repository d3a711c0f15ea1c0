// matching.offer: an offer's capacity appeared or disappeared; the needs it may serve are matched again.
// Idempotent like every run (advisory lock, unique (need, offer) proposals).
import { z } from "zod";
import { defineJob, recordId } from "~/utils/jobs";
import { recorded } from "./recorded";

export const matchOfferJob = defineJob({
  name: "matching.offer",
  schema: z.object({ offerId: recordId }),
  async handle({ offerId }, { db }) {
    const { needsAffectedByOffer, runMatchForNeeds } = await import("../services/job-services.server");
    const needIds = await needsAffectedByOffer(db, offerId);
    if (needIds.length === 0) return { needs: 0 };
    return recorded("offer_changed", await runMatchForNeeds(db, "offer_changed", needIds, { offerId }));
  },
});
