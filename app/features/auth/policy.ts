// Confidentiality and access rules, in one place. Pages, search, digests, emails and job payloads all
// ask these functions, so a rule changes here or nowhere. Pure functions: no database, no request.
//
// The rules (docs: ../../../../shared/design/domain.md, "Confidentiality"):
// - Visitors see nothing but aggregate figures.
// - Unverified organisations see only their own needs and offers.
// - Verified members see the summary of `network` needs on the boards, and the active (or paused) offers
//   of verified or trusted organisations. An unvetted organisation's offers are seen by its own members and
//   the secretariat only ("awaiting verification"), and are never announced in digests or matched.
// - Unverified organisations do not see country situation notes (activities) until vetted.
// - `secretariat` needs are seen by the secretariat only, until a match with an expert is approved.
// - Details (and contacts) are seen by the owning coalition, the secretariat, and experts whose
//   proposal was accepted (staged disclosure); every view of details is audited by the caller.
// - An anonymised need shows "a coalition in <country>" to everyone but its owner and the secretariat.
// - Needs from repressed or closed countries default to the strictest settings.
import type { Prisma } from "~/generated/prisma/client";
import type {
  CivicSpaceRating,
  NeedStatus,
  NeedVisibility,
  OfferStatus,
  OrganisationKind,
  ProposalStatus,
  Region,
  ResourceStatus,
  ResourceVisibility,
  VettingLevel,
} from "~/generated/prisma/enums";

export type ViewerMembership = {
  organisationId: string;
  kind: OrganisationKind;
  vettingLevel: VettingLevel;
  role: "member" | "admin";
};

/** Who is looking. `null` is a visitor. */
export type Viewer = {
  userId: string;
  memberships: ViewerMembership[];
  /** Secretariat powers need a session that passed two-factor authentication. */
  twoFactorVerified: boolean;
} | null;

export function isSecretariat(viewer: Viewer): boolean {
  return !!viewer && viewer.twoFactorVerified && viewer.memberships.some((m) => m.kind === "SECRETARIAT");
}

export function ownOrganisationIds(viewer: Viewer): string[] {
  return viewer ? viewer.memberships.map((m) => m.organisationId) : [];
}

/** Verified (or trusted) membership in at least one organisation: may see the network's boards. */
export function isVerifiedMember(viewer: Viewer): boolean {
  return !!viewer && viewer.memberships.some((m) => m.vettingLevel !== "unverified");
}

export function isAdminOf(viewer: Viewer, organisationId: string): boolean {
  return (
    !!viewer && viewer.memberships.some((m) => m.organisationId === organisationId && m.role === "admin")
  );
}

export function isMemberOf(viewer: Viewer, organisationId: string): boolean {
  return !!viewer && viewer.memberships.some((m) => m.organisationId === organisationId);
}

/**
 * A member of this organisation while the organisation is vetted. An expert organisation the secretariat
 * stops vetting loses what its engagements disclose (the need's details, documents, conversations) at once,
 * as `needAccess` decides for the details.
 */
function isVettedMemberOf(viewer: Viewer, organisationId: string): boolean {
  return (
    !!viewer &&
    viewer.memberships.some((m) => m.organisationId === organisationId && m.vettingLevel !== "unverified")
  );
}

/**
 * Country situation notes (the secretariat's note on a country and on each rating change) are shared with
 * vetted members and the secretariat; an unverified organisation sees the rating alone until it is vetted.
 */
export function seesCountrySituation(viewer: Viewer): boolean {
  return isSecretariat(viewer) || isVerifiedMember(viewer);
}

// ───────────── legislation tracker and impact report (issue 23) ─────────────

/**
 * The legislation tracker is read by vetted members and the secretariat, like a country's situation note:
 * the texts are public facts, but which of them the network watches (and what it linked to them) is the
 * network's reading of a country.
 */
export function seesLegislation(viewer: Viewer): boolean {
  return seesCountrySituation(viewer);
}

/**
 * Recording a text, editing it, moving its stage and linking what it caused: the secretariat only. The
 * tracker is the network's shared record and every stage change emails a country's followers, so one
 * accountable author keeps it; trusted coalitions of the country are not made authors of a record that
 * could be read as theirs where that is dangerous — they tell the secretariat (a country activity or a
 * call) and it records. Every change is audited.
 */
export function mayRecordLegislation(viewer: Viewer): boolean {
  return isSecretariat(viewer);
}

/** Following a country (alerts when a tracked text there changes stage): whoever may read the tracker. */
export function mayFollowCountry(viewer: Viewer): boolean {
  return seesLegislation(viewer);
}

/** The impact report with every figure (small counts, ratings, per-organisation detail): the secretariat. */
export function readsFullImpact(viewer: Viewer): boolean {
  return isSecretariat(viewer);
}

/**
 * The public impact report shows no count below this (it shows "<5"), nor any figure computed from fewer
 * items, so that no coalition in an at-risk country can be singled out.
 */
export const publicImpactMinimumCount = 5;

// ───────────── needs ─────────────

/** Statuses in which a `network` need is on the board for verified members. */
export const boardNeedStatuses: NeedStatus[] = ["open", "matching", "engaged", "completed", "closed_unmet"];

/** Proposal statuses after the secretariat approved the pair: the expert may see the summary. */
export const summaryDisclosedStatuses: ProposalStatus[] = [
  "approved",
  "accepted",
  "confirmed",
  "declined_by_coalition",
];
/** Proposal statuses after the expert accepted: details and contacts are disclosed. */
const detailsDisclosedStatuses: ProposalStatus[] = ["accepted", "confirmed"];

export type NeedForPolicy = {
  organisationId: string;
  status: NeedStatus;
  visibility: NeedVisibility;
  anonymised: boolean;
};

/** The viewer's organisations' proposals on this need (statuses), for staged disclosure. */
export type ExpertRelation = { proposalStatuses: ProposalStatus[]; engaged: boolean };

export type NeedAccess = {
  level: "none" | "summary" | "full";
  /** Whether the coalition's name may be shown (false: "a coalition in <country>"). */
  showCoalition: boolean;
  /** The viewer owns the need (coalition member). */
  owner: boolean;
};

export function needAccess(viewer: Viewer, need: NeedForPolicy, relation?: ExpertRelation): NeedAccess {
  const none: NeedAccess = { level: "none", showCoalition: false, owner: false };
  if (!viewer) return none;
  if (isMemberOf(viewer, need.organisationId)) return { level: "full", showCoalition: true, owner: true };
  if (need.status === "draft") return none;
  if (isSecretariat(viewer)) return { level: "full", showCoalition: true, owner: false };
  if (!isVerifiedMember(viewer)) return none;
  const showCoalition = !need.anonymised;
  if (
    relation &&
    (relation.engaged || relation.proposalStatuses.some((s) => detailsDisclosedStatuses.includes(s)))
  ) {
    return { level: "full", showCoalition: true, owner: false };
  }
  if (relation && relation.proposalStatuses.some((s) => summaryDisclosedStatuses.includes(s))) {
    return { level: "summary", showCoalition, owner: false };
  }
  if (need.visibility === "network" && boardNeedStatuses.includes(need.status)) {
    return { level: "summary", showCoalition, owner: false };
  }
  return none;
}

const NOTHING = { id: { in: [] as string[] } };

/** The needs a viewer may list (summary level or more), as a Prisma filter. */
export function visibleNeedsWhere(viewer: Viewer): Prisma.NeedWhereInput {
  if (!viewer) return NOTHING;
  const own = ownOrganisationIds(viewer);
  if (isSecretariat(viewer)) return { OR: [{ organisationId: { in: own } }, { status: { not: "draft" } }] };
  if (!isVerifiedMember(viewer)) return { organisationId: { in: own } };
  return {
    OR: [
      { organisationId: { in: own } },
      { visibility: "network", status: { in: boardNeedStatuses } },
      {
        status: { not: "draft" },
        proposals: { some: { expertOrganisationId: { in: own }, status: { in: summaryDisclosedStatuses } } },
      },
    ],
  };
}

/** Removes what the access level does not allow. Use on every need that leaves the server. */
export function presentNeed<
  N extends NeedForPolicy & {
    details?: string;
    outcomeWanted?: string;
    organisation?: { name: string } | null;
  },
>(need: N, access: NeedAccess) {
  if (access.level === "none") throw new Error("presentNeed called without access");
  const { details, outcomeWanted, organisation, ...rest } = need;
  return {
    ...rest,
    details: access.level === "full" ? (details ?? "") : null,
    outcomeWanted: access.level === "full" ? (outcomeWanted ?? "") : null,
    coalitionName: access.showCoalition ? (organisation?.name ?? null) : null,
  };
}

/** Defaults for a new need, raised by the country's civic-space rating. */
export function defaultNeedSettings(rating: CivicSpaceRating | null | undefined): {
  visibility: NeedVisibility;
  anonymised: boolean;
} {
  if (rating === "repressed" || rating === "closed") return { visibility: "secretariat", anonymised: true };
  return { visibility: "network", anonymised: false };
}

/** Whether an expert must be `trusted` (not merely verified) to be matched with this need. */
export function needRequiresTrustedExpert(
  need: { visibility: NeedVisibility },
  rating: CivicSpaceRating | null | undefined,
): boolean {
  return need.visibility === "secretariat" || rating === "repressed" || rating === "closed";
}

/**
 * Whether an expert organisation's offers may be matched with a need: the organisation is verified, and
 * trusted when the need requires it (`needRequiresTrustedExpert`). The matching core asks this, never its
 * own copy of the rule.
 */
export function expertVettingAllowsMatch(vetting: VettingLevel, requiresTrusted: boolean): boolean {
  if (!publishesToNetwork(vetting)) return false;
  return !requiresTrusted || vetting === "trusted";
}

// ───────────── vetting ─────────────

/** Vetting levels whose organisations publish to the network (offers on boards, search, digests, matching). */
export const publishingVettingLevels: VettingLevel[] = ["verified", "trusted"];

/** Whether an organisation at this vetting level publishes to the network. */
export function publishesToNetwork(vettingLevel: VettingLevel): boolean {
  return publishingVettingLevels.includes(vettingLevel);
}

/** An offer is published to the network when its organisation is vetted (see `visibleOffersWhere`). */
export function offerPublishedToNetwork(organisation: { vettingLevel: VettingLevel }): boolean {
  return publishesToNetwork(organisation.vettingLevel);
}

/**
 * Whether a change to an organisation's public identity (its name, its declared coverage) waits for the
 * secretariat's approval: once the organisation is vetted, a rename could impersonate another member and
 * a coverage change could reach coalitions it was not vetted for. The secretariat's own edits apply at once.
 */
export function identityChangeNeedsApproval(viewer: Viewer, organisation: { vettingLevel: VettingLevel }) {
  return publishesToNetwork(organisation.vettingLevel) && !isSecretariat(viewer);
}

// ───────────── offers ─────────────

/** Offer statuses other organisations may see (of a vetted organisation). */
export const visibleOfferStatuses: OfferStatus[] = ["active", "paused"];

export type OfferForPolicy = {
  organisationId: string;
  status: OfferStatus;
  /** The offering organisation's vetting level. */
  vettingLevel: VettingLevel;
};

export function offerAccess(viewer: Viewer, offer: OfferForPolicy): "none" | "view" | "manage" {
  if (!viewer) return "none";
  if (isMemberOf(viewer, offer.organisationId)) return "manage";
  if (isSecretariat(viewer)) return "view";
  if (
    isVerifiedMember(viewer) &&
    visibleOfferStatuses.includes(offer.status) &&
    publishesToNetwork(offer.vettingLevel)
  )
    return "view";
  return "none";
}

/** Offers published to the network: visible to verified members, announced in digests, matched. */
export const publishedOffersWhere: Prisma.OfferWhereInput = {
  status: { in: visibleOfferStatuses },
  organisation: { vettingLevel: { in: publishingVettingLevels } },
};

export function visibleOffersWhere(viewer: Viewer): Prisma.OfferWhereInput {
  if (!viewer) return NOTHING;
  const own = ownOrganisationIds(viewer);
  if (isSecretariat(viewer)) return {};
  if (!isVerifiedMember(viewer)) return { organisationId: { in: own } };
  return { OR: [{ organisationId: { in: own } }, publishedOffersWhere] };
}

export type CoverageForPolicy = {
  coverageGlobal: boolean;
  coverageCountries: readonly string[];
  coverageRegions: readonly string[];
};

/**
 * The one "offer covers country" rule: an offer (or an expert organisation's coverage, same columns)
 * covers a country directly, through the country's region, or globally. Three forms of one rule — this
 * predicate, `coversCountryWhere` and its SQL twin in policy-sql.server.ts — checked against each other
 * by tests/auth/policy-forms.test.ts.
 */
export function offerCoversCountry(
  offer: CoverageForPolicy,
  countryCode: string,
  region: Region | string | null | undefined,
): boolean {
  return (
    offer.coverageGlobal ||
    offer.coverageCountries.includes(countryCode) ||
    (!!region && offer.coverageRegions.includes(region))
  );
}

/** How an offer covers a country (most specific first), or null when it does not. */
export function coverageKind(
  offer: CoverageForPolicy,
  countryCode: string,
  region: Region | string | null | undefined,
): "country" | "region" | "global" | null {
  if (offer.coverageCountries.includes(countryCode)) return "country";
  if (region && offer.coverageRegions.includes(region)) return "region";
  if (offer.coverageGlobal) return "global";
  return null;
}

export function coversCountryWhere(
  countryCode: string,
  region: Region | null | undefined,
): { OR: Array<Prisma.OfferWhereInput & Prisma.OrganisationWhereInput> } {
  return {
    OR: [
      { coverageGlobal: true },
      { coverageCountries: { has: countryCode } },
      ...(region ? [{ coverageRegions: { has: region } }] : []),
    ],
  };
}

/** The same rule seen from the need's side: the needs whose country an offer covers. */
export function countryCoveredByWhere(offer: {
  coverageGlobal: boolean;
  coverageCountries: string[];
  coverageRegions: Region[];
}): Prisma.NeedWhereInput {
  if (offer.coverageGlobal) return {};
  return {
    OR: [
      { countryCode: { in: offer.coverageCountries } },
      { country: { region: { in: offer.coverageRegions } } },
    ],
  };
}

// ───────────── search documents ─────────────

/**
 * What a search query may return, in the terms search documents carry (entity type, status,
 * visibility, owner). Search never indexes details, so summary-level access is the question.
 */
export type SearchScope =
  | { kind: "all" }
  | { kind: "none" }
  | {
      kind: "member";
      ownOrganisationIds: string[];
      /** Documents of other organisations with these visibilities and statuses are visible. */
      needStatuses: NeedStatus[] | null; // null: none of others' needs
      /** Others' offers in these statuses, when published to the network (document visibility "network"). */
      offerStatuses: OfferStatus[] | null;
      /** Needs this viewer may see through an approved proposal, whatever their visibility. */
      extraNeedIds: string[];
      /**
       * Others' published resources at these visibility levels (document visibility; an unvetted
       * organisation's resources are indexed as "organisation" and never match). Visitors: public only.
       */
      resourceVisibilities: ResourceVisibility[];
    };

export function searchScope(viewer: Viewer, approvedProposalNeedIds: string[] = []): SearchScope {
  // A visitor may find public resources of the learning exchange, and nothing else.
  const resources = resourceVisibilitiesFor(viewer);
  if (isSecretariat(viewer)) return { kind: "all" };
  const own = ownOrganisationIds(viewer);
  if (!isVerifiedMember(viewer)) {
    return {
      kind: "member",
      ownOrganisationIds: own,
      needStatuses: null,
      offerStatuses: null,
      extraNeedIds: [],
      resourceVisibilities: resources,
    };
  }
  return {
    kind: "member",
    ownOrganisationIds: own,
    needStatuses: boardNeedStatuses,
    offerStatuses: visibleOfferStatuses,
    extraNeedIds: approvedProposalNeedIds,
    resourceVisibilities: resources,
  };
}

// ───────────── reaching out: "We can help", "Ask this expert", peer offers ─────────────

/**
 * Kinds of organisation that publish offers: expert organisations, and coalitions sharing their own
 * experience with other coalitions (peer offers, labelled as such wherever an offer appears).
 */
export const offerPublisherKinds: readonly OrganisationKind[] = ["EXPERT", "COALITION"];

/** An offer published by a coalition is a peer offer. */
export function isPeerOffer(organisation: { kind: OrganisationKind }): boolean {
  return organisation.kind === "COALITION";
}

/**
 * Whether the viewer may put one of this organisation's offers forward for a need ("We can help"): a member
 * of an expert organisation (or of a coalition publishing peer offers) that is at least verified.
 * Seeing the need (`needAccess`) is asked separately; the pair's fit and trust rules are the matcher's.
 */
export function mayVolunteerFor(viewer: Viewer, organisationId: string): boolean {
  return (
    !!viewer &&
    viewer.memberships.some(
      (m) =>
        m.organisationId === organisationId &&
        offerPublisherKinds.includes(m.kind) &&
        m.vettingLevel !== "unverified",
    )
  );
}

/** Whether the viewer may ask for an offer for this coalition's need ("Ask this expert"): a member of it, verified. */
export function mayRequestFor(viewer: Viewer, coalitionOrganisationId: string): boolean {
  return (
    !!viewer &&
    viewer.memberships.some(
      (m) =>
        m.organisationId === coalitionOrganisationId &&
        m.kind === "COALITION" &&
        m.vettingLevel !== "unverified",
    )
  );
}

// ───────────── documents and conversations (issue 16) ─────────────

/**
 * A need's documents are seen exactly when its confidential details are (same stages): the coalition,
 * the secretariat, an expert only after accepting. The coalition adds them; the uploader, or the
 * coalition for its own need, deletes them.
 */
export function needDocumentAccess(access: NeedAccess): { read: boolean; add: boolean } {
  return { read: access.level === "full", add: access.owner };
}

export type EngagementForPolicy = {
  expertOrganisationId: string;
  coalitionOrganisationId: string;
  status: "active" | "closed";
};

/**
 * An engagement's documents: both sides and the secretariat read them (an engaged expert sees the need's
 * details, so only while its organisation is vetted); anyone of them adds while the engagement is active.
 */
export function engagementDocumentAccess(
  viewer: Viewer,
  engagement: EngagementForPolicy,
): { read: boolean; add: boolean } {
  const party =
    isVettedMemberOf(viewer, engagement.expertOrganisationId) ||
    isMemberOf(viewer, engagement.coalitionOrganisationId) ||
    isSecretariat(viewer);
  return { read: party, add: party && engagement.status === "active" };
}

export type CloseRequestRights = {
  /** The viewer's side in the engagement, when it has one (the secretariat is no side). */
  side: "expert" | "coalition" | null;
  /** Ask to close (an active engagement with no pending request). */
  request: boolean;
  /** Withdraw the pending request (its own side's). */
  withdraw: boolean;
  /** Confirm or decline the pending request (the other side, or the secretariat). */
  answer: boolean;
};

/**
 * Closing an engagement is agreed (issue 21): either side asks to close with its outcome, and the other
 * side or the secretariat confirms or declines; the side that asked may withdraw its request. An expert
 * organisation no longer vetted loses the workspace (see isVettedMemberOf) and so these rights too. A
 * member of both sides counts as the expert side (as the engagement service does for writing).
 */
export function closeRequestRights(
  viewer: Viewer,
  engagement: EngagementForPolicy,
  pending: { side: "expert" | "coalition" } | null,
): CloseRequestRights {
  const side = isVettedMemberOf(viewer, engagement.expertOrganisationId)
    ? "expert"
    : isMemberOf(viewer, engagement.coalitionOrganisationId)
      ? "coalition"
      : null;
  const active = engagement.status === "active";
  return {
    side,
    request: active && side !== null && pending === null,
    withdraw: active && side !== null && pending !== null && pending.side === side,
    answer:
      active &&
      pending !== null &&
      ((side !== null && pending.side !== side) || (side === null && isSecretariat(viewer))),
  };
}

/** Who may delete a stored document: whoever uploaded it, or (for a need's documents) the coalition. */
export function mayDeleteDocument(
  viewer: Viewer,
  document: { createdById: string | null },
  owningOrganisationId?: string | null,
): boolean {
  if (!viewer) return false;
  if (document.createdById && document.createdById === viewer.userId) return true;
  return !!owningOrganisationId && isMemberOf(viewer, owningOrganisationId);
}

export type ThreadForPolicy = {
  kind: "proposal" | "engagement";
  expertOrganisationId: string;
  coalitionOrganisationId: string;
  /** The need is anonymised: the coalition answers a proposal thread through the secretariat. */
  anonymised: boolean;
  /** proposal threads: the proposal's status; engagement threads: the engagement's. */
  status: ProposalStatus | "active" | "closed";
};

/** Proposal statuses in which the proposal's conversation takes new messages. */
const proposalThreadOpenStatuses: ProposalStatus[] = ["approved", "accepted", "confirmed"];
/**
 * Proposal statuses in which the expert organisation sees the proposal (its page, its list, the
 * volunteer page) and its conversation: everything after the secretariat's approval, except its own
 * history of rejections.
 */
export const expertVisibleStatuses: ProposalStatus[] = [
  "approved",
  "accepted",
  "declined_by_expert",
  "confirmed",
  "declined_by_coalition",
  "expired",
  "closed",
];

export type ThreadSide = "expert" | "coalition" | "secretariat";
export type ThreadAccess = { read: boolean; write: boolean; side: ThreadSide | null };

/**
 * Conversations. A proposal's thread (questions before accepting) is the expert's and the
 * secretariat's; the coalition takes part directly only when the need is not anonymised (otherwise
 * the secretariat answers for it: an anonymised coalition's identity never reaches the expert through
 * a thread). An engagement's thread is both sides' and the secretariat's. Messages are written while
 * the proposal is under discussion or the engagement is active; afterwards the thread can be read.
 */
export function threadAccess(viewer: Viewer, thread: ThreadForPolicy): ThreadAccess {
  const none: ThreadAccess = { read: false, write: false, side: null };
  if (!viewer) return none;
  let side: ThreadSide | null = null;
  // An expert organisation no longer vetted no longer reads its conversations (see isVettedMemberOf).
  if (isVettedMemberOf(viewer, thread.expertOrganisationId)) {
    if (thread.kind === "proposal" && !expertVisibleStatuses.includes(thread.status as ProposalStatus))
      return none;
    side = "expert";
  } else if (isMemberOf(viewer, thread.coalitionOrganisationId)) {
    if (thread.kind === "proposal" && thread.anonymised) return none;
    side = "coalition";
  } else if (isSecretariat(viewer)) side = "secretariat";
  if (!side) return none;
  const open =
    thread.kind === "engagement"
      ? thread.status === "active"
      : proposalThreadOpenStatuses.includes(thread.status as ProposalStatus);
  return { read: true, write: open, side };
}

/** Whether the coalition's contacts (email addresses) are shown to the expert after acceptance. */
export function showCoalitionContacts(access: NeedAccess, need: { shareContacts: boolean }): boolean {
  return access.level === "full" && (access.owner || need.shareContacts);
}

// ───────────── learning exchange: resources (issue 23) ─────────────
// Guides, good practice, model laws, templates, statements to amplify. The same trust ladder as needs,
// with one level more at each end:
// - `public`: anyone, visitors included (a guide meant to travel); downloads of its documents are not audited.
// - `network`: verified (or trusted) members, like a `network` need's summary.
// - `trusted`: members of a trusted organisation (sensitive strategy shared with those the secretariat trusts).
// - `secretariat`: the secretariat only.
// The publishing organisation always sees (and manages) its own resources, drafts included; nobody else
// sees a draft. An unverified organisation's resources reach nobody but itself and the secretariat until it
// is vetted (as its offers), and its members see only `public` resources of others. Archived resources are
// kept for the publisher and the secretariat. Digests announce only what the recipient may see here, never
// an unvetted organisation's resource, and never by secretariat powers (a digest has no second factor).

/** Visibility levels of a resource, from the widest audience to the narrowest. */
const resourceVisibilities: ResourceVisibility[] = ["public", "network", "trusted", "secretariat"];

/** Membership of at least one trusted organisation. */
function isTrustedMember(viewer: Viewer): boolean {
  return !!viewer && viewer.memberships.some((m) => m.vettingLevel === "trusted");
}

/** The visibility levels of others' published resources this viewer may see. */
export function resourceVisibilitiesFor(viewer: Viewer): ResourceVisibility[] {
  if (isSecretariat(viewer)) return resourceVisibilities;
  if (isTrustedMember(viewer)) return ["public", "network", "trusted"];
  if (isVerifiedMember(viewer)) return ["public", "network"];
  return ["public"];
}

export type ResourceForPolicy = {
  organisationId: string;
  status: ResourceStatus;
  visibility: ResourceVisibility;
  /** The publishing organisation's vetting level. */
  vettingLevel: VettingLevel;
};

/** "manage": the publishing organisation's members (edit, documents, publish); "view": may read it. */
export function resourceAccess(viewer: Viewer, resource: ResourceForPolicy): "none" | "view" | "manage" {
  if (isMemberOf(viewer, resource.organisationId)) return "manage";
  if (resource.status === "draft") return "none";
  if (isSecretariat(viewer)) return "view";
  if (resource.status !== "published" || !publishesToNetwork(resource.vettingLevel)) return "none";
  return resourceVisibilitiesFor(viewer).includes(resource.visibility) ? "view" : "none";
}

/** Resources published to others: a vetted organisation's, published. */
export const publishedResourcesWhere: Prisma.ResourceWhereInput = {
  status: "published",
  organisation: { vettingLevel: { in: publishingVettingLevels } },
};

/** The resources a viewer may list, as a Prisma filter (the same rule as `resourceAccess`). */
export function visibleResourcesWhere(viewer: Viewer): Prisma.ResourceWhereInput {
  const own = ownOrganisationIds(viewer);
  const mine: Prisma.ResourceWhereInput = { organisationId: { in: own } };
  if (isSecretariat(viewer)) return { OR: [mine, { status: { not: "draft" } }] };
  const others: Prisma.ResourceWhereInput = {
    AND: [publishedResourcesWhere, { visibility: { in: resourceVisibilitiesFor(viewer) } }],
  };
  return own.length ? { OR: [mine, others] } : others;
}

/** Who may publish a resource for an organisation: its members (an unvetted one's stay among itself). */
export function mayPublishResourceFor(viewer: Viewer, organisationId: string): boolean {
  return isMemberOf(viewer, organisationId);
}

/**
 * A resource's documents are read by whoever may see the resource; its publisher adds and deletes them.
 * Downloads are audited unless the resource is public and published (a public guide is meant to travel).
 */
export function resourceDocumentAccess(
  viewer: Viewer,
  resource: ResourceForPolicy,
): { read: boolean; add: boolean; auditDownloads: boolean } {
  const access = resourceAccess(viewer, resource);
  return {
    read: access !== "none",
    add: access === "manage",
    auditDownloads: !(resource.visibility === "public" && resource.status === "published"),
  };
}
