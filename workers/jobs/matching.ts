// Matching jobs. Each runs the engine for what changed; runs are serialised by an advisory lock, proposals
// are unique per (need, offer), so a retried or duplicated job proposes nothing twice.
import { needsAffectedByOffer, runMatchForNeeds } from "~/features/matching/services/matching.server";
import { defineJob } from "../registry";

export const matchNeedJob = defineJob("matching.need", async ({ needId }, { db }) =>
  runMatchForNeeds(db, "need_changed", [needId]),
);

export const matchOfferJob = defineJob("matching.offer", async ({ offerId }, { db }) => {
  const needIds = await needsAffectedByOffer(db, offerId);
  if (needIds.length === 0) return { needs: 0 };
  return runMatchForNeeds(db, "offer_changed", needIds, { offerId });
});

export const rebalanceJob = defineJob(
  "matching.rebalance",
  async (_payload, { db }) => runMatchForNeeds(db, "rebalance", "all"),
  // A full rebalance can take a while on a big network: keep its lock long enough.
  { lockDuration: 120_000 },
);
