// The one reader of a stored score breakdown (Proposal.breakdown, JSON). Two views of the same record:
// the secretariat's factor table (lenient: the matcher's shape, the demo seed's, a manual one) and the
// matcher's full ScoreBreakdown that reasons are explained from (strict: anything else explains nothing).
import type { FactorKey, ScoreBreakdown } from "./core";

type FactorRow = { key: string; value: number; contribution: number };
export type ParsedBreakdown = {
  factors: FactorRow[];
  fairnessPenalty: number;
  score: number;
  manual: boolean;
  warnings: string[];
};

/** The factor table of a stored breakdown (the matcher's ScoreBreakdown, the demo seed's shape, or a manual one). */
export function parseBreakdown(raw: unknown, fallbackScore: number): ParsedBreakdown {
  const b = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  const factors = (b.factors && typeof b.factors === "object" ? b.factors : {}) as Record<
    string,
    { value?: unknown; contribution?: unknown }
  >;
  const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);
  return {
    factors: Object.entries(factors).map(([key, f]) => ({
      key,
      value: num(f?.value),
      contribution: num(f?.contribution),
    })),
    fairnessPenalty: num(b.fairnessPenalty),
    score: typeof b.score === "number" ? b.score : typeof b.total === "number" ? b.total : fallbackScore,
    manual: b.manual === true,
    warnings: Array.isArray(b.hardFilterWarnings)
      ? b.hardFilterWarnings.filter((w): w is string => typeof w === "string")
      : [],
  };
}

/** Factors every stored breakdown has (older ones predate format, availability and hours). */
const CORE_FACTORS: FactorKey[] = ["topic", "language", "geography", "urgency", "quality"];

/**
 * Breakdowns are stored as JSON: accept only the matcher's shape, down to the details the explanation reads
 * (hand-made, incomplete or malformed ones show nothing rather than fail the page). Older ones predate the
 * format, availability and hours factors: they are read without them.
 */
export function asBreakdown(value: unknown): ScoreBreakdown | null {
  const b = value as ScoreBreakdown | null;
  if (!b || typeof b !== "object" || typeof b.score !== "number" || !b.factors || !b.details) return null;
  const d = b.details;
  const detailsOk =
    Array.isArray(d.matchedTopics) &&
    Array.isArray(d.sharedLanguages) &&
    (d.geography !== "country" || typeof d.countryCode === "string") &&
    (d.geography !== "region" || d.regionCode == null || typeof d.regionCode === "string");
  return detailsOk && CORE_FACTORS.every((f) => typeof b.factors[f]?.contribution === "number") ? b : null;
}
