// The life of an offer (domain.md "Offers"): draft → active ⇄ paused, retired from any of them.
import type { OfferStatus } from "~/generated/prisma/enums";
import type { Prisma, Tx } from "~/utils/db.server";
import { defineLifecycle, defineTable } from "./define";

export const offerStatuses = [
  "draft",
  "active",
  "paused",
  "retired",
] as const satisfies readonly OfferStatus[];

export const offerTable = defineTable("offer", offerStatuses, {
  activate: { from: ["draft"], to: "active" },
  pause: { from: ["active"], to: "paused" },
  resume: { from: ["paused"], to: "active" },
  retire: { from: ["draft", "active", "paused"], to: "retired" },
});

export type OfferAction = (typeof offerTable.actions)[number];

/** Statuses in which the expert organisation may still edit its offer. */
export const editableOfferStatuses: OfferStatus[] = ["draft", "active", "paused"];

const offerSelect = {
  id: true,
  status: true,
  organisationId: true,
  publishedAt: true,
} satisfies Prisma.OfferSelect;

export const offerLifecycle = defineLifecycle(offerTable, {
  find: (tx: Tx, id: string) => tx.offer.findUnique({ where: { id }, select: offerSelect }),
  move: async (
    tx: Tx,
    id: string,
    from: OfferStatus[],
    to: OfferStatus,
    data: Prisma.OfferUpdateManyMutationInput,
  ) =>
    (await tx.offer.updateMany({ where: { id, status: { in: from } }, data: { ...data, status: to } })).count,
});
