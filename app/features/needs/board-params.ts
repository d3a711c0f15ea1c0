// The needs board's URL parameters (shared by the server and the page's filter form).
import type { z } from "zod";
import { boardParamsSchema, optionalChoice, parseBoardParams } from "~/features/boards/board-params";
import { needStatuses } from "~/utils/lifecycle";

export { postedWindows } from "~/features/boards/board-params";
// The statuses are the lifecycle's (one list); the board filters by them.
export { needStatuses };

export const NEEDS_PAGE_SIZE = 20;
export const urgencies = ["critical", "high", "normal", "low"] as const;
export const needSorts = ["newest", "oldest", "urgency", "wanted_by"] as const;

/** Board parameters from the query string; anything unknown or malformed is ignored, never an error. */
const needBoardParams = boardParamsSchema(
  { urgency: optionalChoice(urgencies), status: optionalChoice(needStatuses) },
  needSorts,
);
export type NeedBoardParams = z.infer<typeof needBoardParams>;

export function parseNeedBoardParams(url: URL): NeedBoardParams {
  return parseBoardParams(needBoardParams, url);
}
