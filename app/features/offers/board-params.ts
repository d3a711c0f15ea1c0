// The offers board's URL parameters (shared by the server and the page's filter form).
import { z } from "zod";
import { regions } from "~/features/taxonomy/reference-data";

export const OFFERS_PAGE_SIZE = 20;
export const offerStatuses = ["draft", "active", "paused", "retired"] as const;
export const offerSorts = ["newest", "oldest", "capacity", "response_time"] as const;
export const postedWindows = ["7", "30", "90", "365"] as const;

const code = z
  .string()
  .trim()
  .max(64)
  .regex(/^[a-z0-9_.]+$/i);

export const offerBoardParams = z.object({
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
  status: z.enum(offerStatuses).optional().catch(undefined),
  posted: z.enum(postedWindows).optional().catch(undefined),
  sort: z.enum(offerSorts).catch("newest"),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export type OfferBoardParams = z.infer<typeof offerBoardParams>;

export function parseOfferBoardParams(url: URL): OfferBoardParams {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(offerBoardParams.shape)) {
    const value = url.searchParams.get(key);
    if (value) raw[key] = value;
  }
  return offerBoardParams.parse(raw);
}
