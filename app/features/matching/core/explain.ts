/**
 * Banded reasons for non-secretariat users. The secretariat reads the numeric breakdown itself; everybody
 * else gets reason codes with parameters, which the web layer translates (no text here).
 */
import { DEFAULT_MATCHING_CONFIG, type MatchingConfig } from "./config";
import type { FactorKey, ScoreBreakdown } from "./types";

export type MatchReason =
  | { code: "covers_country_directly"; params: { country: string } }
  | { code: "covers_region"; params: { region: string } }
  | { code: "global_coverage" }
  | { code: "shared_language"; params: { language: string } }
  | { code: "strong_topic_fit" }
  | { code: "partial_topic_fit" }
  | { code: "fast_response" }
  | { code: "meets_timeline" }
  | { code: "proven_outcomes" }
  | { code: "has_capacity" };

export type MatchReasonCode = MatchReason["code"];

/** Every code `explain` can emit (for translation-completeness checks in the web layer). */
export const MATCH_REASON_CODES: readonly MatchReasonCode[] = [
  "covers_country_directly",
  "covers_region",
  "global_coverage",
  "shared_language",
  "strong_topic_fit",
  "partial_topic_fit",
  "fast_response",
  "meets_timeline",
  "proven_outcomes",
  "has_capacity",
];

const FACTOR_ORDER: readonly FactorKey[] = ["topic", "geography", "language", "urgency", "quality"];

/**
 * Maps a breakdown to reason codes, strongest factor first (by contribution; ties in a fixed order), then
 * `has_capacity` (always true of a proposal: free capacity is a hard filter). Factors too weak to be a
 * reason produce nothing; no code ever carries a number.
 */
export function explain(
  breakdown: ScoreBreakdown,
  config: MatchingConfig = DEFAULT_MATCHING_CONFIG,
): MatchReason[] {
  const t = config.explain;
  const d = breakdown.details;
  const f = breakdown.factors;
  const byFactor = new Map<FactorKey, MatchReason>();

  if (f.topic.value >= t.strongTopic && d.matchedTopics.length > 0)
    byFactor.set("topic", { code: "strong_topic_fit" });
  else if (f.topic.value >= t.partialTopic && d.matchedTopics.length > 0)
    byFactor.set("topic", { code: "partial_topic_fit" });

  if (d.geography === "country")
    byFactor.set("geography", { code: "covers_country_directly", params: { country: d.countryCode } });
  else if (d.geography === "region" && d.regionCode)
    byFactor.set("geography", { code: "covers_region", params: { region: d.regionCode } });
  else if (d.geography === "global") byFactor.set("geography", { code: "global_coverage" });

  const language = d.sharedLanguages[0];
  if (language) byFactor.set("language", { code: "shared_language", params: { language } });

  if (f.urgency.value >= t.fastResponse) {
    const fast = d.responseTimeDays != null && d.responseTimeDays <= t.fastResponseDays;
    byFactor.set("urgency", { code: fast ? "fast_response" : "meets_timeline" });
  }

  if (d.qualityObservations >= t.provenMinObservations && f.quality.value >= t.provenQuality)
    byFactor.set("quality", { code: "proven_outcomes" });

  const order = FACTOR_ORDER.filter((k) => byFactor.has(k)).sort(
    (a, b) => f[b].contribution - f[a].contribution || FACTOR_ORDER.indexOf(a) - FACTOR_ORDER.indexOf(b),
  );
  const reasons = order.map((k) => byFactor.get(k)!);
  reasons.push({ code: "has_capacity" });
  return reasons;
}
