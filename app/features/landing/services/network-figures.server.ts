// Aggregate, non-identifying figures for visitors. Cached briefly: the landing page is the most
// visited page and these numbers need not be live to the second.
import { db } from "~/utils/db.server";

export type NetworkFigures = {
  coalitions: number;
  experts: number;
  countries: number;
  openNeeds: number;
  activeOffers: number;
  engagementsCompleted: number;
};

let cache: { at: number; figures: NetworkFigures } | undefined;
const TTL_MS = 60_000;

export async function getNetworkFigures(now = Date.now()): Promise<NetworkFigures> {
  if (cache && now - cache.at < TTL_MS) return cache.figures;
  const [orgs, countries, openNeeds, activeOffers, engagementsCompleted] = await Promise.all([
    db().organisation.groupBy({
      by: ["kind"],
      where: { vettingLevel: { in: ["verified", "trusted"] } },
      _count: { _all: true },
    }),
    db().organisation.findMany({
      where: { countryCode: { not: null }, kind: "COALITION" },
      distinct: ["countryCode"],
      select: { countryCode: true },
    }),
    db().need.count({ where: { status: { in: ["open", "matching"] } } }),
    db().offer.count({ where: { status: "active" } }),
    db().engagement.count({ where: { status: "closed", outcome: { in: ["achieved", "partly_achieved"] } } }),
  ]);
  const count = (kind: string) => orgs.find((o) => o.kind === kind)?._count._all ?? 0;
  const figures = {
    coalitions: count("COALITION"),
    experts: count("EXPERT"),
    countries: countries.length,
    openNeeds,
    activeOffers,
    engagementsCompleted,
  };
  cache = { at: now, figures };
  return figures;
}
