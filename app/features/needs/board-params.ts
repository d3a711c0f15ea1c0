// The needs board's URL parameters (shared by the server and the page's filter form).
import { z } from "zod";
import { regions } from "~/features/taxonomy/reference-data";
import type { NeedStatus } from "~/generated/prisma/enums";

export const NEEDS_PAGE_SIZE = 20;
export const needStatuses = [
  "draft",
  "submitted",
  "needs_info",
  "open",
  "declined",
  "matching",
  "engaged",
  "completed",
  "closed_unmet",
  "withdrawn",
] as const satisfies readonly NeedStatus[];
export const urgencies = ["critical", "high", "normal", "low"] as const;
export const postedWindows = ["7", "30", "90", "365"] as const;
export const needSorts = ["newest", "oldest", "urgency", "wanted_by"] as const;

const code = z
  .string()
  .trim()
  .max(64)
  .regex(/^[a-z0-9_.]+$/i);

/** Board parameters from the query string; anything unknown or malformed is ignored, never an error. */
export const needBoardParams = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  category: code.optional().catch(undefined),
  topic: code.optional().catch(undefined),
  country: z.string().trim().toUpperCase().length(2).optional().catch(undefined),
  region: z.enum(regions).optional().catch(undefined),
  language: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z]{2}$/)
    .optional()
    .catch(undefined),
  urgency: z.enum(urgencies).optional().catch(undefined),
  status: z.enum(needStatuses).optional().catch(undefined),
  posted: z.enum(postedWindows).optional().catch(undefined),
  sort: z.enum(needSorts).catch("newest"),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export type NeedBoardParams = z.infer<typeof needBoardParams>;

export function parseNeedBoardParams(url: URL): NeedBoardParams {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(needBoardParams.shape)) {
    const value = url.searchParams.get(key);
    if (value) raw[key] = value;
  }
  return needBoardParams.parse(raw);
}
