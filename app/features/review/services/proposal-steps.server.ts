// What every actor's review step shares: loading the proposal, the lifecycle kit's transition, the reason
// rule, the audit event, and putting a need back to `open` when nothing is in play on it any more.
// Internal to the review feature (secretariat, expert, coalition and maintenance modules).
import type { Viewer } from "~/features/auth/policy";
import { liveProposalStatuses } from "~/features/matching/index.server";
import { reopenNeed } from "~/features/needs/index.server";
import { audit } from "~/utils/audit.server";
import type { Prisma, Tx } from "~/utils/db.server";
import { AppError, proposalLifecycle, type ProposalAction } from "~/utils/lifecycle";
import { setting } from "~/utils/env-schema";

export type Actor = { viewer: NonNullable<Viewer>; ip?: string | null };

export const DAY_MS = 86_400_000;

function proposalExpiryDays() {
  const n = setting("PROPOSAL_EXPIRY_DAYS");
  return Number.isInteger(n) && n >= 1 ? n : 14;
}

/**
 * The one deadline of a proposal: the expert answers by this moment, after which the proposal expires.
 * Stored as `expiresAt` on approval; the proposal email, the reminder, the proposal page and the expiry
 * job all read it from here (issue 21: the email used to promise the offer's response time instead).
 */
export function proposalReplyBy(approvedAt: Date): Date {
  return new Date(approvedAt.getTime() + proposalExpiryDays() * DAY_MS);
}

/** A proposal's reply-by moment as shown anywhere: the stored one, else the rule applied to its approval. */
export function replyByOf(p: { expiresAt: Date | null; reviewedAt: Date | null }): Date | null {
  return p.expiresAt ?? (p.reviewedAt ? proposalReplyBy(p.reviewedAt) : null);
}

const proposalSelect = {
  id: true,
  status: true,
  needId: true,
  offerId: true,
  expertOrganisationId: true,
  expiresAt: true,
  need: {
    select: {
      id: true,
      title: true,
      status: true,
      organisationId: true,
      countryCode: true,
      categoryId: true,
      expertsWanted: true,
    },
  },
  offer: { select: { id: true, responseTimeDays: true, organisation: { select: { name: true } } } },
} satisfies Prisma.ProposalSelect;

export type LoadedProposal = Prisma.ProposalGetPayload<{ select: typeof proposalSelect }>;

export async function loadProposal(tx: Tx, proposalId: string): Promise<LoadedProposal> {
  const p = await tx.proposal.findUnique({ where: { id: proposalId }, select: proposalSelect });
  if (!p) throw new AppError("notFound", "proposal", proposalId);
  return p;
}

/** The lifecycle kit's conditional update for a proposal just loaded in this transaction. */
export async function moveProposal(
  tx: Tx,
  p: LoadedProposal,
  action: ProposalAction,
  data: Prisma.ProposalUpdateManyMutationInput = {},
) {
  const { to } = await proposalLifecycle.transition(tx, p.id, action, data, { before: p });
  return to;
}

export function requireReason(reason: string | null | undefined, id: string) {
  const r = (reason ?? "").trim();
  if (!r) throw new AppError("reasonRequired", "proposal", id);
  return r.slice(0, 2000);
}

export async function auditProposal(
  tx: Tx,
  actor: { userId: string | null; ip?: string | null },
  organisationId: string | null,
  action: string,
  proposalId: string,
  metadata: Record<string, string | number | boolean | null>,
) {
  await audit(tx, {
    actorId: actor.userId,
    organisationId,
    action: `proposal.${action}`,
    entityType: "proposal",
    entityId: proposalId,
    ip: actor.ip ?? null,
    metadata,
  });
}

/**
 * A party declines a proposal with its reason (`data`): the move, its audit event (by the declining
 * side's organisation) and, when nothing is left in play, the need back to `open`.
 */
export async function declineProposal(
  tx: Tx,
  actor: Actor,
  p: LoadedProposal,
  action: "decline_expert" | "decline_coalition",
  organisationId: string,
  data: Prisma.ProposalUpdateManyMutationInput,
) {
  const to = await moveProposal(tx, p, action, data);
  await auditProposal(tx, { userId: actor.viewer.userId, ip: actor.ip }, organisationId, to, p.id, {
    from: p.status,
    to,
    needId: p.needId,
  });
  await reopenIfNoLiveProposals(tx, p.needId, actor.viewer.userId);
}

/** When nothing is in play any more on a `matching` need, it goes back to `open` (and to the matcher). */
export async function reopenIfNoLiveProposals(tx: Tx, needId: string, actorUserId: string | null) {
  const [need, live] = await Promise.all([
    tx.need.findUnique({ where: { id: needId }, select: { status: true } }),
    tx.proposal.count({ where: { needId, status: { in: [...liveProposalStatuses, "confirmed"] } } }),
  ]);
  if (need?.status === "matching" && live === 0) await reopenNeed(tx, { userId: actorUserId }, needId);
}
