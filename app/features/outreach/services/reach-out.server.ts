// Both sides can reach out (issue 17): an expert organisation volunteers one of its offers for a need it
// may see ("We can help"), and a coalition asks for an offer it may see for one of its open needs ("Ask
// this expert"). Either way the result is an ordinary `proposed` proposal, marked by its source, scored
// and explained by the matcher's own scoring (`scoreNeedOfferPair`, the core's buildBreakdown), that
// enters the secretariat's review queue like any other. Nothing here bypasses review or the trust rules:
// every hard filter the matcher applies is a refusal here, with a reason the person can act on.
import { mayRequestFor, mayVolunteerFor, needAccess, offerAccess, type Viewer } from "~/features/auth/policy";
import type { HardFilterCode, ScoreBreakdown } from "~/features/matching";
import { REASSIGNED, scoreNeedOfferPair, takeMatchingLock } from "~/features/matching/index.server";
import { markNeedMatching } from "~/features/needs/index.server";
import type { ProposalSource } from "~/generated/prisma/enums";
import { audit } from "~/utils/audit.server";
import type { Prisma, Tx } from "~/utils/db.server";

export type ReachActor = { viewer: NonNullable<Viewer>; ip?: string | null };

/** Why a pair cannot be put forward, in the words shown to the person (outreach:refusals.<code>). */
export type ReachRefusal =
  | "notFound"
  | "forbidden"
  | "needNotOpen"
  | "offerNotActive"
  | "ownOrganisation"
  | "notVerified"
  | "trustedRequired"
  | "excluded"
  | "liveProposal"
  | "declinedPair"
  | "offerFull"
  | "category"
  | "language"
  | "coverage"
  | "availability";

/** Most decisive first: the first one is the message of a refused submission. */
const REFUSAL_ORDER: readonly ReachRefusal[] = [
  "notFound",
  "forbidden",
  "needNotOpen",
  "offerNotActive",
  "ownOrganisation",
  "notVerified",
  "trustedRequired",
  "excluded",
  "liveProposal",
  "declinedPair",
  "offerFull",
  "category",
  "language",
  "coverage",
  "availability",
];

const statusOf = (code: ReachRefusal) => (code === "notFound" ? 404 : code === "forbidden" ? 403 : 409);

export class ReachOutRefusedError extends Error {
  constructor(
    /** Every reason the pair fails, most decisive first. */
    readonly refusals: ReachRefusal[],
  ) {
    super(`reach-out refused: ${refusals.join(", ")}`);
    this.name = "ReachOutRefusedError";
  }
  get code(): ReachRefusal {
    return this.refusals[0]!;
  }
  get status() {
    return statusOf(this.code);
  }
}

/** The matcher's failed hard filters, as refusals (vetting split: not verified at all, or not trusted enough). */
function refusalsOf(failed: readonly HardFilterCode[], expertVetting: string): ReachRefusal[] {
  const out = new Set<ReachRefusal>();
  for (const f of failed) {
    if (f === "need_not_matchable") out.add("needNotOpen");
    else if (f === "offer_not_active") out.add("offerNotActive");
    else if (f === "own_organisation") out.add("ownOrganisation");
    else if (f === "vetting") out.add(expertVetting === "unverified" ? "notVerified" : "trustedRequired");
    else if (f === "excluded_organisation") out.add("excluded");
    else if (f === "already_proposed") out.add("liveProposal");
    else if (f === "declined_pair") out.add("declinedPair");
    else if (f === "capacity_slots" || f === "capacity_hours") out.add("offerFull");
    else out.add(f);
  }
  return REFUSAL_ORDER.filter((r) => out.has(r));
}

export type PairAssessment = { refusals: ReachRefusal[]; breakdown: ScoreBreakdown | null };

/**
 * The matcher's verdict on one pair: its breakdown (the same scoring as the worker's, fairness included:
 * a volunteered or requested proposal weighs on a busy expert like any other) and what stops it.
 */
export async function assessPair(
  tx: Tx,
  needId: string,
  offerId: string,
  now = new Date(),
): Promise<PairAssessment> {
  const [scored, offer] = await Promise.all([
    scoreNeedOfferPair(tx, needId, offerId, { now }),
    tx.offer.findUnique({
      where: { id: offerId },
      select: { organisation: { select: { vettingLevel: true } } },
    }),
  ]);
  if (!scored || !offer) return { refusals: ["notFound"], breakdown: null };
  return {
    refusals: refusalsOf(scored.failedFilters, offer.organisation.vettingLevel),
    breakdown: scored.breakdown,
  };
}

const needSelect = {
  id: true,
  status: true,
  visibility: true,
  anonymised: true,
  organisationId: true,
} satisfies Prisma.NeedSelect;
const offerSelect = {
  id: true,
  status: true,
  organisationId: true,
  organisation: { select: { vettingLevel: true } },
} satisfies Prisma.OfferSelect;

/** "We can help": what the actor may do with this need and offer, before the matcher's filters. */
function volunteerGate(
  viewer: Viewer,
  need: Prisma.NeedGetPayload<{ select: typeof needSelect }> | null,
  offer: Prisma.OfferGetPayload<{ select: typeof offerSelect }> | null,
): ReachRefusal | null {
  // A need the viewer may not see does not exist for them.
  if (!need || needAccess(viewer, need).level === "none") return "notFound";
  if (!offer) return "notFound";
  if (!mayVolunteerFor(viewer, offer.organisationId)) return "forbidden";
  return null;
}

/** "Ask this expert": what the actor may do with this offer and need, before the matcher's filters. */
function requestGate(
  viewer: Viewer,
  need: Prisma.NeedGetPayload<{ select: typeof needSelect }> | null,
  offer: Prisma.OfferGetPayload<{ select: typeof offerSelect }> | null,
): ReachRefusal | null {
  if (!offer || offerAccess(viewer, { ...offer, vettingLevel: offer.organisation.vettingLevel }) === "none")
    return "notFound";
  if (!need) return "notFound";
  if (!mayRequestFor(viewer, need.organisationId)) return "forbidden";
  return null;
}

async function putForward(
  tx: Tx,
  actor: ReachActor,
  input: { needId: string; offerId: string },
  source: Extract<ProposalSource, "volunteered" | "requested">,
  now: Date,
) {
  // The matcher's lock, before anything is read: a match run in progress may be giving the offer's last
  // slot away, and this proposal must see the capacity the run leaves (not the one it started with).
  await takeMatchingLock(tx);
  const [need, offer] = await Promise.all([
    tx.need.findUnique({ where: { id: input.needId }, select: needSelect }),
    tx.offer.findUnique({ where: { id: input.offerId }, select: offerSelect }),
  ]);
  const gate = (source === "volunteered" ? volunteerGate : requestGate)(actor.viewer, need, offer);
  if (gate) throw new ReachOutRefusedError([gate]);
  const { refusals, breakdown } = await assessPair(tx, need!.id, offer!.id, now);
  if (refusals.length || !breakdown)
    throw new ReachOutRefusedError(refusals.length ? refusals : ["notFound"]);

  const stored = JSON.parse(JSON.stringify(breakdown)) as Prisma.InputJsonValue;
  const data = {
    status: "proposed" as const,
    source,
    score: breakdown.score,
    breakdown: stored,
    proposedById: actor.viewer.userId,
    matchRunId: null,
    closedReason: null,
    createdAt: now,
  };
  // A pair the matcher once released in favour of another need keeps its row (the pair is unique): it
  // comes back to life. Any other earlier row was a declined pair, refused above.
  const revived = await tx.proposal.updateMany({
    where: { needId: need!.id, offerId: offer!.id, status: "withdrawn", closedReason: REASSIGNED },
    data,
  });
  const proposal = revived.count
    ? await tx.proposal.findUniqueOrThrow({
        where: { needId_offerId: { needId: need!.id, offerId: offer!.id } },
        select: { id: true },
      })
    : await tx.proposal.create({
        data: {
          ...data,
          needId: need!.id,
          offerId: offer!.id,
          expertOrganisationId: offer!.organisationId,
        },
        select: { id: true },
      });
  await audit(tx, {
    actorId: actor.viewer.userId,
    organisationId: source === "volunteered" ? offer!.organisationId : need!.organisationId,
    action: `proposal.${source}`,
    entityType: "proposal",
    entityId: proposal.id,
    ip: actor.ip ?? null,
    metadata: { needId: need!.id, offerId: offer!.id, score: Math.round(breakdown.score * 10) / 10 },
  });
  if (need!.status === "open") await markNeedMatching(tx, { userId: actor.viewer.userId }, need!.id);
  return { id: proposal.id, score: breakdown.score };
}

/** "We can help": the actor's organisation puts one of its active offers forward for a need it may see. */
export function volunteerOffer(
  tx: Tx,
  actor: ReachActor,
  input: { needId: string; offerId: string },
  now = new Date(),
) {
  return putForward(tx, actor, input, "volunteered", now);
}

/** "Ask this expert": the actor's coalition asks for an offer it may see, for one of its open needs. */
export function requestOffer(
  tx: Tx,
  actor: ReachActor,
  input: { needId: string; offerId: string },
  now = new Date(),
) {
  return putForward(tx, actor, input, "requested", now);
}
