// The matching feature's public surface for pages: a proposal's reasons, banded for the reader.
export { MatchReasonList, storedReasons } from "./components/match-explanation";
export { explain } from "./core";
export type { HardFilterCode, ScoreBreakdown } from "./core";
