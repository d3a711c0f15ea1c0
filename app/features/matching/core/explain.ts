/**
 * Banded reasons for non-secretariat users. The secretariat reads the numeric breakdown itself; everybody
 * else gets reason codes with parameters, which the web layer translates (no text here, never a number).
 *
 * Two audiences:
 * - `expert`: the expert organisation on its own proposal — every reason, including the ones drawn from its
 *   own data (track record, free hours, capacity).
 * - `coalition`: the coalition on its need — only reasons drawn from its need and the offer's published
 *   fields (topics, coverage, languages, format, availability dates, stated response time). Nothing from the
 *   expert organisation's load, capacity or outcome history, which come from other organisations' data.
 */
import { DEFAULT_MATCHING_CONFIG, type MatchingConfig } from "./config";
import type { FactorKey, ScoreBreakdown, WorkFormat } from "./types";

export type MatchReason =
  | { code: "strong_topic_fit"; params: { topics: string[] } }
  | { code: "partial_topic_fit"; params: { topics: string[] } }
  | { code: "covers_country_directly"; params: { country: string } }
  | { code: "covers_region"; params: { region: string } }
  | { code: "global_coverage" }
  | { code: "shared_language"; params: { language: string } }
  | { code: "format_fit"; params: { format: Exclude<WorkFormat, "either"> } }
  | { code: "available_throughout" }
  | { code: "fast_response" }
  | { code: "meets_timeline" }
  | { code: "proven_outcomes" }
  | { code: "enough_hours" }
  | { code: "has_capacity" };

export type MatchReasonCode = MatchReason["code"];
export type ExplainAudience = "expert" | "coalition";

/** Every code `explain` can emit (for translation-completeness checks in the web layer). */
export const MATCH_REASON_CODES: readonly MatchReasonCode[] = [
  "strong_topic_fit",
  "partial_topic_fit",
  "covers_country_directly",
  "covers_region",
  "global_coverage",
  "shared_language",
  "format_fit",
  "available_throughout",
  "fast_response",
  "meets_timeline",
  "proven_outcomes",
  "enough_hours",
  "has_capacity",
];

/** Reasons drawn from the expert organisation's own data: never shown to a coalition. */
const EXPERT_ONLY: ReadonlySet<MatchReasonCode> = new Set([
  "proven_outcomes",
  "enough_hours",
  "has_capacity",
]);

const FACTOR_ORDER: readonly FactorKey[] = [
  "topic",
  "geography",
  "language",
  "format",
  "availability",
  "urgency",
  "quality",
  "hours",
];

/**
 * Maps a breakdown to reason codes, strongest factor first (by contribution; ties in a fixed order), then
 * `has_capacity` for experts (always true of a proposal: free capacity is a hard filter). Factors too weak
 * to be a reason produce nothing. A topic reason names the matched topics (keys, for the web layer to label).
 */
export function explain(
  breakdown: ScoreBreakdown,
  config: MatchingConfig = DEFAULT_MATCHING_CONFIG,
  audience: ExplainAudience = "expert",
): MatchReason[] {
  const t = config.explain;
  const d = breakdown.details;
  const f = breakdown.factors;
  const byFactor = new Map<FactorKey, MatchReason>();

  if (d.matchedTopics.length > 0) {
    const topics = [...d.matchedTopics];
    byFactor.set(
      "topic",
      f.topic.value >= t.strongTopic
        ? { code: "strong_topic_fit", params: { topics } }
        : { code: "partial_topic_fit", params: { topics } },
    );
  }

  if (d.geography === "country")
    byFactor.set("geography", { code: "covers_country_directly", params: { country: d.countryCode } });
  else if (d.geography === "region" && d.regionCode)
    byFactor.set("geography", { code: "covers_region", params: { region: d.regionCode } });
  else if (d.geography === "global") byFactor.set("geography", { code: "global_coverage" });

  const language = d.sharedLanguages[0];
  if (language) byFactor.set("language", { code: "shared_language", params: { language } });

  // format: only worth saying when the need asked for one way of working and the offer works that way
  if (f.format && d.needFormat && d.needFormat !== "either" && f.format.value >= config.format.fit)
    byFactor.set("format", { code: "format_fit", params: { format: d.needFormat } });

  if (f.availability && f.availability.value >= t.fullAvailability)
    byFactor.set("availability", { code: "available_throughout" });

  if (f.urgency.value >= t.fastResponse) {
    const fast = d.responseTimeDays != null && d.responseTimeDays <= t.fastResponseDays;
    byFactor.set("urgency", { code: fast ? "fast_response" : "meets_timeline" });
  }

  if (d.qualityObservations >= t.provenMinObservations && f.quality.value >= t.provenQuality)
    byFactor.set("quality", { code: "proven_outcomes" });

  if (f.hours && d.monthlyDemandHours != null && f.hours.value >= t.enoughHours)
    byFactor.set("hours", { code: "enough_hours" });

  const order = FACTOR_ORDER.filter((k) => byFactor.has(k)).sort(
    (a, b) => f[b].contribution - f[a].contribution || FACTOR_ORDER.indexOf(a) - FACTOR_ORDER.indexOf(b),
  );
  const reasons = order.map((k) => byFactor.get(k)!);
  reasons.push({ code: "has_capacity" });
  return audience === "coalition" ? reasons.filter((r) => !EXPERT_ONLY.has(r.code)) : reasons;
}
