// The life of an engagement (domain.md "Review and engagement"): it starts `active` when the coalition
// confirms an expert, takes progress updates while active, and closes once with its outcome; feedback is
// given on a closed engagement. Being stalled is a flag on an active engagement, not a status.
import type { EngagementStatus } from "~/generated/prisma/enums";
import type { Prisma, Tx } from "~/utils/db.server";
import { defineLifecycle, defineTable } from "./define";

export const engagementStatuses = ["active", "closed"] as const satisfies readonly EngagementStatus[];

export const engagementTable = defineTable("engagement", engagementStatuses, {
  close: { from: ["active"], to: "closed" },
});

export type EngagementAction = (typeof engagementTable.actions)[number];

/** Statuses that take progress updates and problem flags. */
export const engagementUpdatableStatuses: EngagementStatus[] = ["active"];
/** Statuses in which each side may give its feedback. */
export const engagementFeedbackStatuses: EngagementStatus[] = ["closed"];

export const engagementLifecycle = defineLifecycle(engagementTable, {
  find: (tx: Tx, id: string) =>
    tx.engagement.findUnique({ where: { id }, select: { id: true, status: true } }),
  move: async (
    tx: Tx,
    id: string,
    from: EngagementStatus[],
    to: EngagementStatus,
    data: Prisma.EngagementUpdateManyMutationInput,
  ) =>
    (await tx.engagement.updateMany({ where: { id, status: { in: from } }, data: { ...data, status: to } }))
      .count,
});
