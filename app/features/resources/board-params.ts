// The library's URL parameters (shared by the server and the page's filter form): the boards' shared
// filters (search text, category, topic, country, region, language, posted within) plus the resource's
// own category (kind), and the sorts.
import type { z } from "zod";
import { boardParamsSchema, optionalChoice, parseBoardParams } from "~/features/boards/board-params";
import { resourceKinds } from "./constants";

export const resourceSorts = ["newest", "oldest", "title"] as const;

const resourceBoardParams = boardParamsSchema({ kind: optionalChoice(resourceKinds) }, resourceSorts);
export type ResourceBoardParams = z.infer<typeof resourceBoardParams>;

export function parseResourceBoardParams(url: URL): ResourceBoardParams {
  return parseBoardParams(resourceBoardParams, url);
}
