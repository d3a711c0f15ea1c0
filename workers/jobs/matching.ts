// Matching jobs. Each runs the engine for what changed; runs are serialised by an advisory lock, proposals
// are unique per (need, offer), so a retried or duplicated job proposes nothing twice.
import { needsAffectedByOffer, runMatchForNeeds } from "~/features/matching/index.server";
import { recordMatchRun } from "~/utils/metrics.server";
import { defineJob } from "../registry";

export const matchNeedJob = defineJob("matching.need", async ({ needId }, { db }) =>
  recorded("need_changed", await runMatchForNeeds(db, "need_changed", [needId])),
);

/** Match run figures for the metrics endpoint, from the run's summary. */
function recorded<T>(trigger: string, summary: T): T {
  recordMatchRun(summary, trigger);
  return summary;
}

export const matchOfferJob = defineJob("matching.offer", async ({ offerId }, { db }) => {
  const needIds = await needsAffectedByOffer(db, offerId);
  if (needIds.length === 0) return { needs: 0 };
  return recorded("offer_changed", await runMatchForNeeds(db, "offer_changed", needIds, { offerId }));
});

export const rebalanceJob = defineJob(
  "matching.rebalance",
  async (_payload, { db }) => recorded("rebalance", await runMatchForNeeds(db, "rebalance", "all")),
  // A full rebalance can take a while on a big network: keep its lock long enough.
  { lockDuration: 120_000 },
);
