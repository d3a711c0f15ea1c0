// Remaining capacity of offers, from live engagements: slots = maxConcurrent − active engagements;
// hours this month = hoursPerMonth − hours logged this (UTC) month on the offer's active engagements.
// `loadOfferCapacities` reads any number of offers in two queries (no N+1).
import type { Db, Tx } from "~/utils/db.server";
import { offerCapacity, type OfferCapacity, type OfferUsage } from "../capacity";

export { offerCapacity, type OfferCapacity, type OfferUsage };

export function startOfUtcMonth(now: Date) {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

/** Live usage of each offer (active engagements, hours logged on them this month). */
export async function loadOfferUsage(
  client: Db | Tx,
  offerIds: string[],
  now = new Date(),
): Promise<Map<string, OfferUsage>> {
  const usage = new Map<string, OfferUsage>(
    offerIds.map((id) => [id, { activeEngagements: 0, hoursThisMonth: 0 }]),
  );
  if (offerIds.length === 0) return usage;
  const [engagements, hours] = await Promise.all([
    client.engagement.groupBy({
      by: ["offerId"],
      where: { offerId: { in: offerIds }, status: "active" },
      _count: { _all: true },
    }),
    client.$queryRaw<Array<{ offerId: string; hours: number | null }>>`
      SELECT e."offerId" AS "offerId", SUM(u.hours)::float8 AS hours
      FROM "EngagementUpdate" u JOIN "Engagement" e ON e.id = u."engagementId"
      WHERE e."offerId" = ANY(${offerIds}) AND e.status = 'active' AND u."createdAt" >= ${startOfUtcMonth(now)}
      GROUP BY e."offerId"`,
  ]);
  for (const row of engagements) usage.get(row.offerId)!.activeEngagements = row._count._all;
  for (const row of hours) usage.get(row.offerId)!.hoursThisMonth = row.hours ?? 0;
  return usage;
}

/** Remaining capacity of each offer, batched for boards and the matcher. */
export async function loadOfferCapacities(
  client: Db | Tx,
  offers: Array<{ id: string; hoursPerMonth: number; maxConcurrent: number }>,
  now = new Date(),
): Promise<Map<string, OfferCapacity>> {
  const usage = await loadOfferUsage(
    client,
    offers.map((o) => o.id),
    now,
  );
  return new Map(offers.map((o) => [o.id, offerCapacity(o, usage.get(o.id)!)]));
}
