// Builds search documents from needs and offers. This is where confidentiality is decided for search:
// only the fields listed in SEARCHABLE_*_SELECT are read at all, so details, outcome wanted, contacts
// and organisation names cannot reach an index, whatever the backend.
import { offerPublishedToNetwork, publishesToNetwork } from "~/features/auth/policy";
import type { PrismaClient } from "~/generated/prisma/client";
import type { VettingLevel } from "~/generated/prisma/enums";
import type { Tx } from "~/utils/db.server";
import { enqueue, enqueueMany } from "~/utils/outbox.server";
import { GLOBAL_COVERAGE, searchDocId, type SearchDoc, type SearchEntityType } from "../search-index";
import { stripMarkers } from "../text";
import { regionOf } from "~/features/taxonomy/reference-data";

type Client = PrismaClient | Tx;

/** Needs in these statuses are not searchable by anyone (drafts are private; withdrawn needs are gone). */
const UNINDEXED_NEED_STATUSES = ["draft", "withdrawn"] as const;
const UNINDEXED_OFFER_STATUSES = ["draft"] as const;
/** Draft resources are their publisher's alone. */
const UNINDEXED_RESOURCE_STATUSES = ["draft"] as const;

const RESOURCE_SELECT = {
  id: true,
  organisationId: true,
  title: true,
  summary: true,
  body: true,
  contentLanguage: true,
  status: true,
  visibility: true,
  kind: true,
  categoryIds: true,
  topicIds: true,
  countryCodes: true,
  languages: true,
  publishedAt: true,
  createdAt: true,
  organisation: { select: { vettingLevel: true } },
} as const;

type ResourceRow = {
  id: string;
  organisationId: string;
  title: string;
  summary: string;
  body: string;
  contentLanguage: string;
  status: string;
  visibility: string;
  categoryIds: string[];
  topicIds: string[];
  countryCodes: string[];
  languages: string[];
  publishedAt: Date | null;
  createdAt: Date;
  organisation: { vettingLevel: VettingLevel };
};

const NEED_SELECT = {
  id: true,
  organisationId: true,
  title: true,
  summary: true,
  contentLanguage: true,
  status: true,
  visibility: true,
  categoryId: true,
  topicIds: true,
  countryCode: true,
  country: { select: { region: true } },
  languages: true,
  urgency: true,
  openedAt: true,
  submittedAt: true,
  createdAt: true,
} as const;

const OFFER_SELECT = {
  id: true,
  organisationId: true,
  title: true,
  description: true,
  contentLanguage: true,
  status: true,
  categoryIds: true,
  topicIds: true,
  coverageGlobal: true,
  coverageCountries: true,
  coverageRegions: true,
  languages: true,
  publishedAt: true,
  createdAt: true,
  organisation: { select: { vettingLevel: true } },
} as const;

type NeedRow = {
  id: string;
  organisationId: string;
  title: string;
  summary: string;
  contentLanguage: string;
  status: string;
  visibility: string;
  categoryId: string;
  topicIds: string[];
  countryCode: string;
  country: { region: string };
  languages: string[];
  urgency: string;
  openedAt: Date | null;
  submittedAt: Date | null;
  createdAt: Date;
};

type OfferRow = {
  id: string;
  organisationId: string;
  title: string;
  description: string;
  contentLanguage: string;
  status: string;
  categoryIds: string[];
  topicIds: string[];
  coverageGlobal: boolean;
  coverageCountries: string[];
  coverageRegions: string[];
  languages: string[];
  publishedAt: Date | null;
  createdAt: Date;
  organisation: { vettingLevel: VettingLevel };
};

/**
 * An offer document's visibility: "network" when the policy publishes it (its organisation is vetted),
 * "organisation" otherwise — then only its own organisation and the secretariat find it (searchScope).
 */
const UNPUBLISHED_OFFER_VISIBILITY = "organisation";

/** Category and topic id → its labels in the three languages (from the taxonomy tables). */
type TaxonomyLabels = Map<string, Record<"en" | "es" | "fr", string>>;

/**
 * The taxonomy's labels, read once per document batch: a document carries its category and topic labels
 * in English, Spanish and French, so a query in any of them finds it (ADR 0012).
 */
async function loadTaxonomyLabels(client: Client): Promise<TaxonomyLabels> {
  const [categories, topics] = await Promise.all([
    client.category.findMany({ select: { id: true, labels: true } }),
    client.topic.findMany({ select: { id: true, labels: true } }),
  ]);
  const out: TaxonomyLabels = new Map();
  for (const row of [...categories, ...topics]) {
    const l = (row.labels ?? {}) as Partial<Record<"en" | "es" | "fr", string>>;
    out.set(row.id, { en: l.en ?? "", es: l.es ?? "", fr: l.fr ?? "" });
  }
  return out;
}

function labelsOf(ids: readonly string[], taxonomy: TaxonomyLabels): SearchDoc["labels"] {
  const found = ids.map((id) => taxonomy.get(id)).filter((l) => l !== undefined);
  const join = (lang: "en" | "es" | "fr") => stripMarkers(found.map((l) => l[lang]).join(" · "));
  return { en: join("en"), es: join("es"), fr: join("fr") };
}

function needToSearchDoc(need: NeedRow, taxonomy: TaxonomyLabels): SearchDoc | null {
  if ((UNINDEXED_NEED_STATUSES as readonly string[]).includes(need.status)) return null;
  return {
    id: searchDocId("need", need.id),
    entityType: "need",
    entityId: need.id,
    organisationId: need.organisationId,
    title: stripMarkers(need.title),
    body: stripMarkers(need.summary),
    labels: labelsOf([need.categoryId, ...need.topicIds], taxonomy),
    language: need.contentLanguage,
    status: need.status,
    visibility: need.visibility,
    categoryIds: [need.categoryId],
    topicIds: need.topicIds,
    countryCodes: [need.countryCode],
    regions: [need.country.region],
    languages: need.languages,
    urgency: need.urgency,
    postedAt: need.openedAt ?? need.submittedAt ?? need.createdAt,
  };
}

function offerToSearchDoc(offer: OfferRow, taxonomy: TaxonomyLabels): SearchDoc | null {
  if ((UNINDEXED_OFFER_STATUSES as readonly string[]).includes(offer.status)) return null;
  return {
    id: searchDocId("offer", offer.id),
    entityType: "offer",
    entityId: offer.id,
    organisationId: offer.organisationId,
    title: stripMarkers(offer.title),
    body: stripMarkers(offer.description),
    labels: labelsOf([...offer.categoryIds, ...offer.topicIds], taxonomy),
    language: offer.contentLanguage,
    status: offer.status,
    visibility: offerPublishedToNetwork(offer.organisation) ? "network" : UNPUBLISHED_OFFER_VISIBILITY,
    categoryIds: offer.categoryIds,
    topicIds: offer.topicIds,
    countryCodes: offer.coverageCountries,
    regions: offer.coverageGlobal ? [...offer.coverageRegions, GLOBAL_COVERAGE] : offer.coverageRegions,
    languages: offer.languages,
    urgency: null,
    postedAt: offer.publishedAt ?? offer.createdAt,
  };
}

/**
 * A resource's document: its title, summary and body (all shareable with whoever may see it), its level as
 * the document's visibility — "organisation" while its organisation is unvetted, so only that organisation
 * and the secretariat find it (searchScope).
 */
function resourceToSearchDoc(resource: ResourceRow, taxonomy: TaxonomyLabels): SearchDoc | null {
  if ((UNINDEXED_RESOURCE_STATUSES as readonly string[]).includes(resource.status)) return null;
  const regions = resource.countryCodes.map(regionOf).filter((r): r is NonNullable<typeof r> => !!r);
  return {
    id: searchDocId("resource", resource.id),
    entityType: "resource",
    entityId: resource.id,
    organisationId: resource.organisationId,
    title: stripMarkers(resource.title),
    body: stripMarkers(`${resource.summary}\n\n${resource.body}`.trim()).slice(0, 20_000),
    labels: labelsOf([...resource.categoryIds, ...resource.topicIds], taxonomy),
    language: resource.contentLanguage,
    status: resource.status,
    visibility: publishesToNetwork(resource.organisation.vettingLevel)
      ? resource.visibility
      : UNPUBLISHED_OFFER_VISIBILITY,
    categoryIds: resource.categoryIds,
    topicIds: resource.topicIds,
    countryCodes: resource.countryCodes,
    regions: [...new Set<string>(regions)],
    languages: resource.languages,
    urgency: null,
    postedAt: resource.publishedAt ?? resource.createdAt,
  };
}

/** The document for an entity as it is now, or null when it must not be in the index (gone, draft…). */
export async function loadSearchDoc(
  client: Client,
  entityType: SearchEntityType,
  entityId: string,
): Promise<SearchDoc | null> {
  if (entityType === "need") {
    const need = await client.need.findUnique({ where: { id: entityId }, select: NEED_SELECT });
    return need ? needToSearchDoc(need, await loadTaxonomyLabels(client)) : null;
  }
  if (entityType === "resource") {
    const resource = await client.resource.findUnique({ where: { id: entityId }, select: RESOURCE_SELECT });
    return resource ? resourceToSearchDoc(resource, await loadTaxonomyLabels(client)) : null;
  }
  const offer = await client.offer.findUnique({ where: { id: entityId }, select: OFFER_SELECT });
  return offer ? offerToSearchDoc(offer, await loadTaxonomyLabels(client)) : null;
}

/** Every indexable document, in batches ordered by id (for `search:reindex`). */
export async function* allSearchDocs(client: PrismaClient, batchSize = 1000): AsyncGenerator<SearchDoc[]> {
  const taxonomy = await loadTaxonomyLabels(client);
  let cursor: string | undefined;
  for (;;) {
    const needs: NeedRow[] = await client.need.findMany({
      where: { status: { notIn: [...UNINDEXED_NEED_STATUSES] }, ...(cursor ? { id: { gt: cursor } } : {}) },
      select: NEED_SELECT,
      orderBy: { id: "asc" },
      take: batchSize,
    });
    if (needs.length === 0) break;
    cursor = needs[needs.length - 1]!.id;
    yield needs.map((n) => needToSearchDoc(n, taxonomy)).filter((d): d is SearchDoc => d !== null);
  }
  cursor = undefined;
  for (;;) {
    const offers: OfferRow[] = await client.offer.findMany({
      where: { status: { notIn: [...UNINDEXED_OFFER_STATUSES] }, ...(cursor ? { id: { gt: cursor } } : {}) },
      select: OFFER_SELECT,
      orderBy: { id: "asc" },
      take: batchSize,
    });
    if (offers.length === 0) break;
    cursor = offers[offers.length - 1]!.id;
    yield offers.map((o) => offerToSearchDoc(o, taxonomy)).filter((d): d is SearchDoc => d !== null);
  }
  cursor = undefined;
  for (;;) {
    const resources: ResourceRow[] = await client.resource.findMany({
      where: {
        status: { notIn: [...UNINDEXED_RESOURCE_STATUSES] },
        ...(cursor ? { id: { gt: cursor } } : {}),
      },
      select: RESOURCE_SELECT,
      orderBy: { id: "asc" },
      take: batchSize,
    });
    if (resources.length === 0) break;
    cursor = resources[resources.length - 1]!.id;
    yield resources.map((r) => resourceToSearchDoc(r, taxonomy)).filter((d): d is SearchDoc => d !== null);
  }
}

/**
 * For the features that change needs and offers: call inside the same transaction as the change.
 * No dedupe key on purpose: a deduplicated job that is already running would swallow a later change.
 */
export function queueSearchIndex(tx: Tx, entityType: SearchEntityType, entityId: string) {
  return enqueue(tx, "search.index", { entityType, entityId });
}

/** `queueSearchIndex` for many entities in one insert (batch transitions). */
export function queueSearchIndexMany(tx: Tx, entityType: SearchEntityType, entityIds: readonly string[]) {
  return enqueueMany(
    tx,
    "search.index",
    entityIds.map((entityId) => ({ entityType, entityId })),
  );
}

/**
 * Re-indexes an organisation's offers and resources (its vetting changed: their visibility in search
 * follows it).
 */
export async function queueOrganisationOffersIndex(tx: Tx, organisationId: string) {
  const resources = await tx.resource.findMany({
    where: { organisationId, status: { notIn: [...UNINDEXED_RESOURCE_STATUSES] } },
    select: { id: true },
  });
  if (resources.length)
    await queueSearchIndexMany(
      tx,
      "resource",
      resources.map((r) => r.id),
    );
  const offers = await tx.offer.findMany({
    where: { organisationId, status: { notIn: [...UNINDEXED_OFFER_STATUSES] } },
    select: { id: true },
  });
  if (offers.length)
    await queueSearchIndexMany(
      tx,
      "offer",
      offers.map((o) => o.id),
    );
}
