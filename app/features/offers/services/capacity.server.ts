// Remaining capacity of offers, from live engagements: slots = maxConcurrent − active engagements;
// hours this month = hoursPerMonth − hours logged this (UTC) month on the offer's active engagements.
// `loadOfferCapacities` reads any number of offers in one statement (no N+1), on the fast pool: the
// offers board shows a capacity on every card.
import { Prisma } from "~/generated/prisma/client";
import { sqlRows } from "~/utils/sql.server";
import { offerCapacity, type OfferCapacity, type OfferUsage } from "../capacity";

export { offerCapacity, type OfferCapacity };

function startOfUtcMonth(now: Date) {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

/** Live usage of each offer (active engagements, hours logged on them this month). */
async function loadOfferUsage(offerIds: string[], now = new Date()): Promise<Map<string, OfferUsage>> {
  const usage = new Map<string, OfferUsage>(
    offerIds.map((id) => [id, { activeEngagements: 0, hoursThisMonth: 0 }]),
  );
  if (offerIds.length === 0) return usage;
  // Timestamps are stored as UTC without zone: compare with the month's start as UTC wall time.
  const monthStart = startOfUtcMonth(now).toISOString().replace("Z", "");
  const rows = await sqlRows<{ offerId: string; active: number; hours: number }>(Prisma.sql`
    SELECT e."offerId", count(DISTINCT e.id)::int AS active, COALESCE(SUM(u.hours), 0)::float8 AS hours
    FROM "Engagement" e
    LEFT JOIN "EngagementUpdate" u ON u."engagementId" = e.id AND u."createdAt" >= ${monthStart}::timestamp
    WHERE e."offerId" = ANY(${offerIds}::text[]) AND e.status = 'active'
    GROUP BY e."offerId"`);
  for (const row of rows)
    usage.set(row.offerId, { activeEngagements: row.active, hoursThisMonth: row.hours });
  return usage;
}

/** Remaining capacity of each offer, batched for boards and the offer page. */
export async function loadOfferCapacities(
  offers: Array<{ id: string; hoursPerMonth: number; maxConcurrent: number }>,
  now = new Date(),
): Promise<Map<string, OfferCapacity>> {
  const usage = await loadOfferUsage(
    offers.map((o) => o.id),
    now,
  );
  return new Map(offers.map((o) => [o.id, offerCapacity(o, usage.get(o.id)!)]));
}
