// Taxonomy and countries for forms and boards, read from the database (the secretariat edits the
// taxonomy and rates countries) and kept for a minute in memory: every board page needs them. An edit
// bumps a shared version in Redis (`taxonomyChanged`); every process (web, worker) compares it at most
// every few seconds, so a change shows everywhere without a deploy. Retired terms are left out: nothing
// new is filed under them (the records that carry them keep them).
import type { CivicSpaceRating, Region } from "~/generated/prisma/enums";
import type { Locale } from "~/i18n/config";
import { db } from "~/utils/db.server";
import { logger } from "~/utils/logger.server";
import { redisPrefix, webRedisIfReady } from "~/utils/redis.server";

type Labels = Record<string, string>;
type Raw = {
  categories: Array<{ id: string; labels: Labels; topics: Array<{ id: string; labels: Labels }> }>;
  countries: Array<{ code: string; region: Region; civicSpaceRating: CivicSpaceRating }>;
};

const TTL_MS = 60_000;
/** How often a process compares its copy with the shared version. */
const VERSION_CHECK_MS = 3_000;
let cached: { at: number; checkedAt: number; version: string | null; value: Promise<Raw> } | undefined;

const versionKey = () => `${redisPrefix()}:taxonomy:version`;

/** The shared taxonomy version, or null when Redis is away (the one-minute lifetime still applies). */
async function sharedVersion(): Promise<string | null> {
  const redis = webRedisIfReady();
  if (!redis) return null;
  try {
    return await redis.get(versionKey());
  } catch {
    return null;
  }
}

async function loadRaw(): Promise<Raw> {
  const now = Date.now();
  if (cached && now - cached.at < TTL_MS) {
    if (now - cached.checkedAt < VERSION_CHECK_MS) return cached.value;
    cached.checkedAt = now;
    if ((await sharedVersion()) === cached.version) return cached.value;
  }
  const version = await sharedVersion();
  const value = (async () => {
    const [categories, countries] = await Promise.all([
      db().category.findMany({
        where: { retiredAt: null },
        orderBy: [{ position: "asc" }, { id: "asc" }],
        select: {
          id: true,
          labels: true,
          topics: {
            where: { retiredAt: null },
            orderBy: [{ position: "asc" }, { id: "asc" }],
            select: { id: true, labels: true },
          },
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
  cached = { at: now, checkedAt: now, version, value };
  return value;
}

/** Forget the cache (tests, or after the secretariat edits the taxonomy). */
export function resetReferenceCache() {
  cached = undefined;
}

/** After a committed taxonomy edit: this process forgets its copy, and every other one within seconds. */
export async function taxonomyChanged() {
  resetReferenceCache();
  const redis = webRedisIfReady();
  if (!redis) return;
  try {
    await redis.incr(versionKey());
  } catch (error) {
    // The others pick the change up within the minute anyway.
    logger.warn({ err: error }, "taxonomy version not bumped");
  }
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
