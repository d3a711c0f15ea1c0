// The offers board's URL parameters (shared by the server and the page's filter form).
import type { z } from "zod";
import { boardParamsSchema, optionalChoice, parseBoardParams } from "~/features/boards/board-params";
import { offerStatuses } from "~/utils/lifecycle";

// The statuses are the lifecycle's (one list); the board filters by them.
export { offerStatuses };

export const OFFERS_PAGE_SIZE = 20;
export const offerSorts = ["newest", "oldest", "capacity", "response_time"] as const;

const offerBoardParams = boardParamsSchema({ status: optionalChoice(offerStatuses) }, offerSorts);
export type OfferBoardParams = z.infer<typeof offerBoardParams>;

export function parseOfferBoardParams(url: URL): OfferBoardParams {
  return parseBoardParams(offerBoardParams, url);
}
