// The life of an engagement (domain.md "Review and engagement"): it starts `active` when the coalition
// confirms an expert, takes progress updates while active, and closes once with its outcome; feedback is
// given on a closed engagement. Being stalled is a flag on an active engagement, not a status.
//
// Closing is agreed, not done alone (issue 21): one side asks to close with its outcome (a close request,
// `pending`); the other side or the secretariat confirms it (the request is `confirmed` and the engagement
// moves `active --close--> closed` with the request's outcome, in the same transaction) or declines it
// with a note (the engagement simply stays active); the side that asked may withdraw it. The engagement
// keeps working while a request waits. Who may do which is the policy's (auth/policy.ts closeRequestRights).
import type { EngagementCloseRequestStatus, EngagementStatus } from "~/generated/prisma/enums";
import type { Prisma, Tx } from "~/utils/db.server";
import { defineLifecycle, defineTable } from "./define";

const engagementStatuses = ["active", "closed"] as const satisfies readonly EngagementStatus[];

export const engagementTable = defineTable("engagement", engagementStatuses, {
  close: { from: ["active"], to: "closed" },
});

const closeRequestStatuses = [
  "pending",
  "confirmed",
  "declined",
  "withdrawn",
] as const satisfies readonly EngagementCloseRequestStatus[];

/** A close request's answers; asking is creating a `pending` request (one at most per engagement). */
export const closeRequestTable = defineTable("closeRequest", closeRequestStatuses, {
  confirm: { from: ["pending"], to: "confirmed" },
  decline: { from: ["pending"], to: "declined" },
  withdraw: { from: ["pending"], to: "withdrawn" },
});

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

export const closeRequestLifecycle = defineLifecycle(closeRequestTable, {
  find: (tx: Tx, id: string) =>
    tx.engagementCloseRequest.findUnique({
      where: { id },
      select: {
        id: true,
        status: true,
        engagementId: true,
        side: true,
        requestedById: true,
        outcome: true,
        note: true,
      },
    }),
  move: async (
    tx: Tx,
    id: string,
    from: EngagementCloseRequestStatus[],
    to: EngagementCloseRequestStatus,
    data: Prisma.EngagementCloseRequestUncheckedUpdateManyInput,
  ) =>
    (
      await tx.engagementCloseRequest.updateMany({
        where: { id, status: { in: from } },
        data: { ...data, status: to },
      })
    ).count,
});
