// Loading what digests are made of: who receives a period's digest, and the period's new needs and
// offers (the fields the policy and the fit need — never details, outcome wanted or organisation names).
import type { PrismaClient } from "~/generated/prisma/client";
import type { Region, VettingLevel } from "~/generated/prisma/enums";
import { publishedOffersWhere, publishedResourcesWhere } from "~/features/auth/policy";
import type { DigestNeed, DigestOffer, DigestRecipient, DigestResource } from "./select";
import type { Frequency } from "./period";
import { setting } from "~/utils/env-schema";

/**
 * Users who receive this frequency's digest: not deleted, address verified, member of a vetted
 * coalition or expert organisation, and subscribed at this frequency (no subscription row = weekly).
 */
export async function listRecipientIds(db: PrismaClient, frequency: Frequency): Promise<string[]> {
  const rows = await db.$queryRaw<Array<{ id: string }>>`
    SELECT u.id FROM "User" u
    LEFT JOIN "DigestSubscription" s ON s."userId" = u.id
    WHERE u."deletedAt" IS NULL AND u."emailVerifiedAt" IS NOT NULL
      AND COALESCE(s.frequency::text, 'weekly') = ${frequency}
      AND EXISTS (
        SELECT 1 FROM "Membership" m JOIN "Organisation" o ON o.id = m."organisationId"
        WHERE m."userId" = u.id AND o.kind IN ('EXPERT', 'COALITION') AND o."vettingLevel" <> 'unverified')
    ORDER BY u.id`;
  return rows.map((r) => r.id);
}

type RecipientRow = {
  id: string;
  email: string;
  locale: string;
  categoryIds: string[] | null;
  countryCodes: string[] | null;
  topicIds: string[] | null;
  urgentAlerts: boolean | null;
  memberships: DigestRecipient["memberships"];
};

/** Recipients with their memberships and settings, in one query (a chunk is 100+ users). */
export async function loadRecipients(
  db: PrismaClient,
  userIds: string[],
): Promise<Map<string, DigestRecipient>> {
  const rows = await db.$queryRaw<RecipientRow[]>`
    SELECT u.id, u.email, u.locale, s."categoryIds", s."countryCodes", s."topicIds", s."urgentAlerts",
      COALESCE(json_agg(json_build_object(
        'organisationId', o.id, 'kind', o.kind, 'vettingLevel', o."vettingLevel", 'role', m.role,
        'countryCode', o."countryCode", 'countryRegion', c.region)) FILTER (WHERE o.id IS NOT NULL), '[]') AS memberships
    FROM "User" u
    LEFT JOIN "DigestSubscription" s ON s."userId" = u.id
    LEFT JOIN "Membership" m ON m."userId" = u.id
    LEFT JOIN "Organisation" o ON o.id = m."organisationId"
    LEFT JOIN "Country" c ON c.code = o."countryCode"
    WHERE u.id = ANY(${userIds}::text[]) AND u."deletedAt" IS NULL AND u."emailVerifiedAt" IS NOT NULL
    GROUP BY u.id, s."userId"`;
  const out = new Map<string, DigestRecipient>();
  for (const r of rows) {
    out.set(r.id, {
      userId: r.id,
      email: r.email,
      locale: r.locale,
      filters: {
        categoryIds: r.categoryIds ?? [],
        countryCodes: r.countryCodes ?? [],
        topicIds: r.topicIds ?? [],
      },
      urgentAlerts: r.urgentAlerts ?? true,
      memberships: (typeof r.memberships === "string"
        ? JSON.parse(r.memberships)
        : r.memberships) as DigestRecipient["memberships"],
    });
  }
  return out;
}

const needSelect = {
  id: true,
  title: true,
  organisationId: true,
  status: true,
  visibility: true,
  anonymised: true,
  categoryId: true,
  topicIds: true,
  countryCode: true,
  languages: true,
  urgency: true,
  openedAt: true,
  country: { select: { region: true } },
} as const;

type NeedRow = { country: { region: Region } } & Omit<DigestNeed, "region">;

function toDigestNeed({ country, ...need }: NeedRow): DigestNeed {
  return { ...need, region: country.region };
}

const offerSelect = {
  id: true,
  title: true,
  organisationId: true,
  status: true,
  categoryIds: true,
  topicIds: true,
  coverageGlobal: true,
  coverageCountries: true,
  coverageRegions: true,
  languages: true,
  publishedAt: true,
  organisation: { select: { vettingLevel: true } },
} as const;

type OfferRow = Omit<DigestOffer, "vettingLevel"> & { organisation: { vettingLevel: VettingLevel } };

function toDigestOffer({ organisation, ...offer }: OfferRow): DigestOffer {
  return { ...offer, vettingLevel: organisation.vettingLevel };
}

const resourceSelect = {
  id: true,
  title: true,
  kind: true,
  organisationId: true,
  status: true,
  visibility: true,
  categoryIds: true,
  topicIds: true,
  countryCodes: true,
  publishedAt: true,
  organisation: { select: { vettingLevel: true } },
} as const;

/**
 * Needs opened in the window and still open, offers published in the window and still active, resources
 * published in the window and still published (by a vetted organisation: the policy's filter).
 */
async function loadCandidatesNow(db: PrismaClient, start: Date, end: Date) {
  const [needs, offers, resources] = await Promise.all([
    db.need.findMany({
      where: { status: { in: ["open", "matching"] }, openedAt: { gte: start, lt: end } },
      select: needSelect,
      orderBy: { openedAt: "desc" },
    }),
    db.offer.findMany({
      // Published to the network (the policy: a vetted organisation's) and active.
      where: { AND: [publishedOffersWhere, { status: "active", publishedAt: { gte: start, lt: end } }] },
      select: offerSelect,
      orderBy: { publishedAt: "desc" },
    }),
    db.resource.findMany({
      where: { AND: [publishedResourcesWhere, { publishedAt: { gte: start, lt: end } }] },
      select: resourceSelect,
      orderBy: { publishedAt: "desc" },
    }),
  ]);
  return {
    needs: needs.map(toDigestNeed),
    offers: (offers as OfferRow[]).map(toDigestOffer),
    resources: resources.map(({ organisation, ...r }): DigestResource => ({
      ...r,
      vettingLevel: organisation.vettingLevel,
    })),
  };
}

type Candidates = Awaited<ReturnType<typeof loadCandidatesNow>>;
const candidateCache = new Map<string, { at: number; value: Promise<Candidates> }>();

/** The period's candidates, shared by the chunks a worker runs within a minute. */
export function loadCandidates(
  db: PrismaClient,
  period: string,
  start: Date,
  end: Date,
): Promise<Candidates> {
  const key = `${setting("DATABASE_URL")}|${period}`;
  const hit = candidateCache.get(key);
  if (hit && Date.now() - hit.at < 60_000) return hit.value;
  const value = loadCandidatesNow(db, start, end);
  value.catch(() => candidateCache.delete(key));
  candidateCache.set(key, { at: Date.now(), value });
  for (const [k, v] of candidateCache) if (Date.now() - v.at > 60_000) candidateCache.delete(k);
  return value;
}

export async function loadActiveOffersByOrganisation(db: PrismaClient, organisationIds: string[]) {
  const map = new Map<string, DigestOffer[]>();
  if (!organisationIds.length) return map;
  const offers = await db.offer.findMany({
    where: { organisationId: { in: [...new Set(organisationIds)] }, status: "active" },
    select: offerSelect,
  });
  for (const offer of (offers as OfferRow[]).map(toDigestOffer)) {
    const list = map.get(offer.organisationId) ?? [];
    list.push(offer);
    map.set(offer.organisationId, list);
  }
  return map;
}

export async function loadNeedForAlert(db: PrismaClient, needId: string) {
  const need = await db.need.findUnique({
    where: { id: needId },
    select: { ...needSelect, country: { select: { region: true, civicSpaceRating: true } } },
  });
  if (!need) return null;
  return { need: toDigestNeed(need), rating: need.country.civicSpaceRating };
}
