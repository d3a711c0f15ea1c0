// What goes into one recipient's digest: pure functions over rows already loaded, so a chunk of
// recipients is served from one load of the period's new needs and offers. Visibility is decided by
// the policy module (needAccess / offerAccess), never re-implemented here; fit follows the matching
// hard filters (category, a shared language, coverage of the need's country).
import {
  needAccess,
  offerAccess,
  offerCoversCountry,
  publishesToNetwork,
  resourceAccess,
  type Viewer,
} from "~/features/auth/policy";
import type {
  NeedStatus,
  NeedVisibility,
  OfferStatus,
  OrganisationKind,
  Region,
  ResourceKind,
  ResourceStatus,
  ResourceVisibility,
  Urgency,
  VettingLevel,
} from "~/generated/prisma/enums";

export type DigestNeed = {
  id: string;
  title: string;
  organisationId: string;
  status: NeedStatus;
  visibility: NeedVisibility;
  anonymised: boolean;
  categoryId: string;
  topicIds: string[];
  countryCode: string;
  region: Region;
  languages: string[];
  urgency: Urgency;
  openedAt: Date | null;
};

export type DigestOffer = {
  id: string;
  title: string;
  organisationId: string;
  status: OfferStatus;
  categoryIds: string[];
  topicIds: string[];
  coverageGlobal: boolean;
  coverageCountries: string[];
  coverageRegions: Region[];
  languages: string[];
  publishedAt: Date | null;
  /** The offering organisation's vetting level: unvetted organisations' offers are never announced. */
  vettingLevel: VettingLevel;
};

/** A resource of the learning exchange published in the period (never its body or documents). */
export type DigestResource = {
  id: string;
  title: string;
  kind: ResourceKind;
  organisationId: string;
  status: ResourceStatus;
  visibility: ResourceVisibility;
  categoryIds: string[];
  topicIds: string[];
  countryCodes: string[];
  publishedAt: Date | null;
  /** The publishing organisation's vetting level: an unvetted organisation's resources are never announced. */
  vettingLevel: VettingLevel;
};

type RecipientMembership = {
  organisationId: string;
  kind: OrganisationKind;
  vettingLevel: VettingLevel;
  role: "member" | "admin";
  countryCode: string | null;
  countryRegion: Region | null;
};

type DigestFilters = { categoryIds: string[]; countryCodes: string[]; topicIds: string[] };

export type DigestRecipient = {
  userId: string;
  email: string;
  locale: string;
  memberships: RecipientMembership[];
  filters: DigestFilters;
  urgentAlerts: boolean;
};

/**
 * The viewer a digest is written for. No session is involved, so no two-factor step was passed:
 * secretariat powers (which need it) are not granted, and a digest never carries what only the
 * secretariat may see. Network-board visibility is what remains — exactly what a digest announces.
 */
export function digestViewer(
  recipient: Pick<DigestRecipient, "userId" | "memberships">,
): NonNullable<Viewer> {
  return {
    userId: recipient.userId,
    twoFactorVerified: false,
    memberships: recipient.memberships.map((m) => ({
      organisationId: m.organisationId,
      kind: m.kind,
      vettingLevel: m.vettingLevel,
      role: m.role,
    })),
  };
}

const overlaps = (a: readonly string[], b: readonly string[]) => a.some((x) => b.includes(x));

/** The policy's one "offer covers country" rule. */
const offerCovers = offerCoversCountry;

/** A need fits an active offer: category, at least one shared language, coverage of its country. */
export function needFitsOffer(need: DigestNeed, offer: DigestOffer) {
  return (
    offer.status === "active" &&
    offer.categoryIds.includes(need.categoryId) &&
    (need.languages.length === 0 || overlaps(need.languages, offer.languages)) &&
    offerCovers(offer, need.countryCode, need.region)
  );
}

function needPassesFilters(need: DigestNeed, f: DigestFilters) {
  return (
    (!f.categoryIds.length || f.categoryIds.includes(need.categoryId)) &&
    (!f.countryCodes.length || f.countryCodes.includes(need.countryCode)) &&
    (!f.topicIds.length || overlaps(f.topicIds, need.topicIds))
  );
}

function offerPassesFilters(offer: DigestOffer, f: DigestFilters, regionOf: (code: string) => Region | null) {
  return (
    (!f.categoryIds.length || overlaps(f.categoryIds, offer.categoryIds)) &&
    (!f.countryCodes.length || f.countryCodes.some((c) => offerCovers(offer, c, regionOf(c)))) &&
    (!f.topicIds.length || overlaps(f.topicIds, offer.topicIds))
  );
}

/** May this recipient see this need in an email? Summary level on the network board, not their own. */
export function needVisibleInDigest(viewer: NonNullable<Viewer>, need: DigestNeed) {
  const access = needAccess(viewer, need);
  return access.level !== "none" && !access.owner && need.visibility === "network";
}

const urgencyRank: Record<Urgency, number> = { critical: 0, high: 1, normal: 2, low: 3 };

/** The expert organisations (verified or trusted) through which a recipient receives needs. */
export function expertOrganisations(recipient: DigestRecipient) {
  return recipient.memberships
    .filter((m) => m.kind === "EXPERT" && publishesToNetwork(m.vettingLevel))
    .map((m) => m.organisationId);
}

/** The coalitions (verified or trusted) through which a recipient receives offers. */
function coalitionMemberships(recipient: DigestRecipient) {
  return recipient.memberships.filter(
    (m) => m.kind === "COALITION" && publishesToNetwork(m.vettingLevel) && m.countryCode,
  );
}

/**
 * The countries a recipient follows for resources: the countries of their filter, else their coalitions'
 * home countries; none (every country) for someone who chose no country and has no coalition.
 */
function followedCountries(recipient: DigestRecipient): string[] {
  if (recipient.filters.countryCodes.length) return recipient.filters.countryCodes;
  return recipient.memberships
    .filter((m) => m.kind === "COALITION" && m.countryCode)
    .map((m) => m.countryCode!);
}

/**
 * New resources for a recipient: those the policy lets them see (never their own organisation's, never an
 * unvetted organisation's, never by secretariat powers: digestViewer has no second factor), matching their
 * topics (or categories, when they chose no topic) and their countries. A resource tied to no country
 * matches every country.
 */
function selectDigestResources(recipient: DigestRecipient, resources: DigestResource[]): DigestResource[] {
  const viewer = digestViewer(recipient);
  const f = recipient.filters;
  const countries = followedCountries(recipient);
  return resources
    .filter((r) => r.status === "published" && resourceAccess(viewer, r) === "view")
    .filter((r) => (f.topicIds.length ? overlaps(f.topicIds, r.topicIds) : true))
    .filter((r) => (f.categoryIds.length ? overlaps(f.categoryIds, r.categoryIds) : true))
    .filter((r) => !countries.length || !r.countryCodes.length || overlaps(countries, r.countryCodes))
    .sort((a, b) => (b.publishedAt?.getTime() ?? 0) - (a.publishedAt?.getTime() ?? 0));
}

export function selectDigestItems(
  recipient: DigestRecipient,
  candidates: { needs: DigestNeed[]; offers: DigestOffer[]; resources?: DigestResource[] },
  activeOffersByOrganisation: Map<string, DigestOffer[]>,
  regionOf: (code: string) => Region | null,
): { needs: DigestNeed[]; offers: DigestOffer[]; resources: DigestResource[] } {
  const viewer = digestViewer(recipient);
  const own = new Set(recipient.memberships.map((m) => m.organisationId));

  const myOffers = expertOrganisations(recipient).flatMap((id) => activeOffersByOrganisation.get(id) ?? []);
  const needs = myOffers.length
    ? candidates.needs
        .filter((need) => needVisibleInDigest(viewer, need))
        .filter((need) => myOffers.some((offer) => needFitsOffer(need, offer)))
        .filter((need) => needPassesFilters(need, recipient.filters))
        .sort(
          (a, b) =>
            urgencyRank[a.urgency] - urgencyRank[b.urgency] ||
            (b.openedAt?.getTime() ?? 0) - (a.openedAt?.getTime() ?? 0),
        )
    : [];

  const coalitions = coalitionMemberships(recipient);
  const offers = coalitions.length
    ? candidates.offers
        .filter((offer) => offer.status === "active" && !own.has(offer.organisationId))
        .filter((offer) => offerAccess(viewer, offer) !== "none")
        .filter((offer) => coalitions.some((c) => offerCovers(offer, c.countryCode!, c.countryRegion)))
        .filter((offer) => offerPassesFilters(offer, recipient.filters, regionOf))
        .sort((a, b) => (b.publishedAt?.getTime() ?? 0) - (a.publishedAt?.getTime() ?? 0))
    : [];

  const resources = candidates.resources ? selectDigestResources(recipient, candidates.resources) : [];
  return { needs, offers, resources };
}
