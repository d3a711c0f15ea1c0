// Taxonomy and countries for forms and boards, read from the database (the secretariat can extend the
// taxonomy and rate countries) and kept for a minute in memory: every board page needs them.
import type { CivicSpaceRating, Region } from "~/generated/prisma/enums";
import type { Locale } from "~/i18n/config";
import { db } from "~/utils/db.server";

type Labels = Record<string, string>;
type Raw = {
  categories: Array<{ id: string; labels: Labels; topics: Array<{ id: string; labels: Labels }> }>;
  countries: Array<{ code: string; region: Region; civicSpaceRating: CivicSpaceRating }>;
};

const TTL_MS = 60_000;
let cached: { at: number; value: Promise<Raw> } | undefined;

function loadRaw(): Promise<Raw> {
  if (cached && Date.now() - cached.at < TTL_MS) return cached.value;
  const value = (async () => {
    const [categories, countries] = await Promise.all([
      db().category.findMany({
        orderBy: [{ position: "asc" }, { id: "asc" }],
        select: {
          id: true,
          labels: true,
          topics: { orderBy: [{ position: "asc" }, { id: "asc" }], select: { id: true, labels: true } },
        },
      }),
      db().country.findMany({
        select: { code: true, region: true, civicSpaceRating: true },
        orderBy: { code: "asc" },
      }),
    ]);
    return { categories: categories as Raw["categories"], countries };
  })();
  value.catch(() => (cached = undefined));
  cached = { at: Date.now(), value };
  return value;
}

/** Forget the cache (tests, or after the secretariat edits the taxonomy). */
export function resetReferenceCache() {
  cached = undefined;
}

function label(labels: Labels, locale: Locale, fallback: string) {
  return labels[locale] ?? labels.en ?? fallback;
}

export type Taxonomy = Array<{ id: string; label: string; topics: Array<{ id: string; label: string }> }>;

export async function loadTaxonomy(locale: Locale): Promise<Taxonomy> {
  const raw = await loadRaw();
  return raw.categories.map((c) => ({
    id: c.id,
    label: label(c.labels, locale, c.id),
    topics: c.topics.map((t) => ({ id: t.id, label: label(t.labels, locale, t.id) })),
  }));
}

export async function loadCountries() {
  return (await loadRaw()).countries;
}

export async function countryRating(code: string) {
  return (await loadRaw()).countries.find((c) => c.code === code)?.civicSpaceRating ?? null;
}
