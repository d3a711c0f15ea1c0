// The life of a need (domain.md "Needs"): draft → submitted → (triage) open | needs_info | declined →
// matching → engaged → completed | closed_unmet; the coalition may withdraw before engaged.
import type { NeedStatus } from "~/generated/prisma/enums";
import type { Prisma, Tx } from "~/utils/db.server";
import { defineLifecycle, defineTable } from "./define";

export const needStatuses = [
  "draft",
  "submitted",
  "needs_info",
  "open",
  "declined",
  "matching",
  "engaged",
  "completed",
  "closed_unmet",
  "withdrawn",
] as const satisfies readonly NeedStatus[];

export const needTable = defineTable("need", needStatuses, {
  submit: { from: ["draft"], to: "submitted" },
  open: { from: ["submitted"], to: "open" },
  ask_info: { from: ["submitted"], to: "needs_info" },
  decline: { from: ["submitted"], to: "declined" },
  resubmit: { from: ["needs_info"], to: "submitted" },
  mark_matching: { from: ["open"], to: "matching" },
  reopen: { from: ["matching"], to: "open" },
  mark_engaged: { from: ["matching"], to: "engaged" },
  complete: { from: ["engaged"], to: "completed" },
  close_unmet: { from: ["open", "matching", "engaged"], to: "closed_unmet" },
  withdraw: { from: ["draft", "submitted", "needs_info", "open", "matching"], to: "withdrawn" },
});

export type NeedAction = (typeof needTable.actions)[number];

/** Statuses in which the coalition may still edit its need. */
export const editableNeedStatuses: NeedStatus[] = ["draft", "submitted", "needs_info", "open", "matching"];

const needSelect = {
  id: true,
  title: true,
  status: true,
  urgency: true,
  organisationId: true,
  countryCode: true,
} satisfies Prisma.NeedSelect;

export const needLifecycle = defineLifecycle(needTable, {
  find: (tx: Tx, id: string) => tx.need.findUnique({ where: { id }, select: needSelect }),
  move: async (
    tx: Tx,
    id: string,
    from: NeedStatus[],
    to: NeedStatus,
    data: Prisma.NeedUpdateManyMutationInput,
  ) =>
    (await tx.need.updateMany({ where: { id, status: { in: from } }, data: { ...data, status: to } })).count,
});
