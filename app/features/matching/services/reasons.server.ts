// Banded reasons for pages that must not show numbers: computed on the server from the stored breakdown
// (the numbers never leave it), with the matched topics labelled in the reader's language.
import type { Locale } from "~/i18n/config";
import { loadTaxonomy } from "~/features/needs/services/reference.server";
import { explain, type ExplainAudience, type MatchReason } from "../core";
import { asBreakdown, type TopicLabels } from "../components/match-explanation";

/**
 * Reason codes of a stored breakdown. `coalition`: only reasons drawn from the need and the offer's
 * published fields — nothing from the expert organisation's load, capacity or outcome history (see
 * core/explain.ts). Hand-made or malformed breakdowns give no reason.
 */
export function storedReasons(breakdown: unknown, audience: ExplainAudience = "expert"): MatchReason[] {
  const b = asBreakdown(breakdown);
  return b ? explain(b, undefined, audience) : [];
}

/** Labels, in the reader's language, of the topics these reasons name. */
export async function reasonTopicLabels(
  reasons: readonly MatchReason[][],
  locale: Locale,
): Promise<TopicLabels> {
  const wanted = new Set<string>();
  for (const list of reasons)
    for (const r of list)
      if (r.code === "strong_topic_fit" || r.code === "partial_topic_fit")
        for (const k of r.params.topics) wanted.add(k);
  if (wanted.size === 0) return {};
  const labels: TopicLabels = {};
  for (const c of await loadTaxonomy(locale))
    for (const t of c.topics) if (wanted.has(t.id)) labels[t.id] = t.label;
  return labels;
}
