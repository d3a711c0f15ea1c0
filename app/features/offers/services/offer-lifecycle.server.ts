// The life of an offer: draft → active → paused ↔ active, and retired from any of them (the table is the
// lifecycle kit's, app/utils/lifecycle/offer.ts). Each transition is the kit's conditional update inside the
// caller's transaction; a refused one throws an AppError and changes nothing.
import type { OfferTerms, PeerOfferKind, Region, WorkFormat } from "~/generated/prisma/enums";
import {
  AppError,
  editableOfferStatuses,
  offerLifecycle,
  offerTable,
  type OfferAction,
} from "~/utils/lifecycle";
import { auditedTransition } from "~/utils/lifecycle/audited.server";
import { audit } from "~/utils/audit.server";
import type { Prisma, Tx } from "~/utils/db.server";
import { enqueue } from "~/utils/outbox.server";
import { queueSearchIndex } from "~/features/search/index.server";

export const offerTransitions = offerTable.transitions;
export { editableOfferStatuses, type OfferAction };
export const canOffer = offerTable.can;

export type OfferActor = { userId: string | null; ip?: string | null };

export type OfferInput = {
  title: string;
  description: string;
  contentLanguage: string;
  categoryIds: string[];
  topicIds: string[];
  coverageGlobal: boolean;
  coverageCountries: string[];
  coverageRegions: Region[];
  languages: string[];
  hoursPerMonth: number;
  maxConcurrent: number;
  availableFrom: Date;
  availableTo: Date | null;
  format: WorkFormat;
  responseTimeDays: number;
  terms: OfferTerms;
  /** A peer offer's kinds (a coalition's offer); empty for an expert organisation's. */
  peerKinds: PeerOfferKind[];
};

function offerData(input: OfferInput) {
  return {
    title: input.title,
    description: input.description,
    contentLanguage: input.contentLanguage,
    categoryIds: input.categoryIds,
    topicIds: input.topicIds,
    coverageGlobal: input.coverageGlobal,
    coverageCountries: input.coverageGlobal ? [] : input.coverageCountries,
    coverageRegions: input.coverageGlobal ? [] : input.coverageRegions,
    languages: input.languages,
    hoursPerMonth: input.hoursPerMonth,
    maxConcurrent: input.maxConcurrent,
    availableFrom: input.availableFrom,
    availableTo: input.availableTo,
    format: input.format,
    responseTimeDays: input.responseTimeDays,
    terms: input.terms,
    peerKinds: input.peerKinds,
  };
}

export async function createOffer(
  tx: Tx,
  args: {
    organisationId: string;
    actor: OfferActor & { userId: string };
    input: OfferInput;
    activate?: boolean;
  },
) {
  const offer = await tx.offer.create({
    data: {
      ...offerData(args.input),
      organisationId: args.organisationId,
      createdById: args.actor.userId,
      status: "draft",
    },
    select: { id: true },
  });
  await audit(tx, {
    actorId: args.actor.userId,
    organisationId: args.organisationId,
    action: "offer.created",
    entityType: "offer",
    entityId: offer.id,
    ip: args.actor.ip ?? null,
  });
  await queueSearchIndex(tx, "offer", offer.id);
  if (args.activate) await activateOffer(tx, args.actor, offer.id);
  return offer;
}

export async function updateOffer(tx: Tx, actor: OfferActor, offerId: string, input: OfferInput) {
  const before = await tx.offer.findUnique({
    where: { id: offerId },
    select: { status: true, organisationId: true },
  });
  if (!before) throw new AppError("notFound", "offer", offerId, { action: "edit" });
  const { count } = await tx.offer.updateMany({
    where: { id: offerId, status: { in: editableOfferStatuses } },
    data: offerData(input),
  });
  if (count === 0)
    throw new AppError("wrongState", "offer", offerId, { currentStatus: before.status, action: "edit" });
  await audit(tx, {
    actorId: actor.userId,
    organisationId: before.organisationId,
    action: "offer.edited",
    entityType: "offer",
    entityId: offerId,
    ip: actor.ip ?? null,
    metadata: { status: before.status },
  });
  await queueSearchIndex(tx, "offer", offerId);
  if (before.status === "active") await enqueue(tx, "matching.offer", { offerId }, { dedupeKey: offerId });
}

async function transition(
  tx: Tx,
  offerId: string,
  action: OfferAction,
  actor: OfferActor,
  data: Prisma.OfferUpdateManyMutationInput = {},
) {
  const moved = await auditedTransition(tx, offerLifecycle, offerId, action, actor, data);
  await queueSearchIndex(tx, "offer", offerId);
  // Capacity appears or disappears: the matcher proposes with it, or withdraws open proposals on it.
  await enqueue(tx, "matching.offer", { offerId }, { dedupeKey: offerId });
  return moved;
}

export async function activateOffer(tx: Tx, actor: OfferActor, offerId: string) {
  const current = await tx.offer.findUnique({ where: { id: offerId }, select: { publishedAt: true } });
  return transition(tx, offerId, "activate", actor, current?.publishedAt ? {} : { publishedAt: new Date() });
}

export async function pauseOffer(tx: Tx, actor: OfferActor, offerId: string) {
  return transition(tx, offerId, "pause", actor);
}

export async function resumeOffer(tx: Tx, actor: OfferActor, offerId: string) {
  return transition(tx, offerId, "resume", actor);
}

export async function retireOffer(tx: Tx, actor: OfferActor, offerId: string) {
  return transition(tx, offerId, "retire", actor);
}
