// The review of a proposal (domain.md "Review and engagement"):
//   proposed (worker, or by hand) → secretariat approved | rejected (reason)
//   approved → expert accepted (conflict + confidentiality undertakings) | declined_by_expert (reason)
//   accepted → coalition confirmed (an engagement starts) | declined_by_coalition (reason)
// and, outside a reviewer's hands: the matcher withdraws unreviewed proposals it releases (set-based, in
// matching's run writer), unanswered approvals expire, and the live ones close when the need is filled.
import type { ProposalStatus } from "~/generated/prisma/enums";
import type { Prisma, Tx } from "~/utils/db.server";
import { defineLifecycle, defineTable } from "./define";

const proposalStatuses = [
  "proposed",
  "approved",
  "rejected",
  "accepted",
  "declined_by_expert",
  "confirmed",
  "declined_by_coalition",
  "withdrawn",
  "expired",
  "closed",
] as const satisfies readonly ProposalStatus[];

export const proposalTable = defineTable("proposal", proposalStatuses, {
  approve: { from: ["proposed"], to: "approved" },
  reject: { from: ["proposed"], to: "rejected" },
  accept: { from: ["approved"], to: "accepted" },
  decline_expert: { from: ["approved"], to: "declined_by_expert" },
  confirm: { from: ["accepted"], to: "confirmed" },
  decline_coalition: { from: ["accepted"], to: "declined_by_coalition" },
  expire: { from: ["approved"], to: "expired" },
  withdraw: { from: ["proposed"], to: "withdrawn" },
  close: { from: ["proposed", "approved", "accepted"], to: "closed" },
});

export type ProposalAction = (typeof proposalTable.actions)[number];

export const proposalLifecycle = defineLifecycle(proposalTable, {
  find: (tx: Tx, id: string) => tx.proposal.findUnique({ where: { id }, select: { id: true, status: true } }),
  move: async (
    tx: Tx,
    id: string,
    from: ProposalStatus[],
    to: ProposalStatus,
    data: Prisma.ProposalUpdateManyMutationInput,
  ) =>
    (await tx.proposal.updateMany({ where: { id, status: { in: from } }, data: { ...data, status: to } }))
      .count,
});
