import { describe, expect, it } from "vitest";
import {
  addEngagementUpdate,
  closeEngagement,
  giveFeedback,
} from "~/features/engagements/services/engagements.server";
import { AppError } from "~/utils/lifecycle";
import {
  acceptProposal,
  approveProposal,
  confirmExpert,
  declineExpertAsCoalition,
  declineProposalAsExpert,
  proposeManually,
  rejectProposal,
} from "~/features/review/services/review.server";
import type { Tx } from "~/utils/db.server";
import { db } from "~/utils/db.server";
import { createOffer } from "../support/factories";
import { reviewFixture } from "./helpers";

const tx = <T>(fn: (tx: Tx) => Promise<T>) => db().$transaction(fn);
const yes = { conflictConfirmed: true, confidentialityAccepted: true };

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, status: error.status };
    throw error;
  }
  throw new Error("expected a refusal");
}

async function snapshot(needId: string) {
  const [proposals, need, engagements, audits, emails, feedback] = await Promise.all([
    db().proposal.findMany({ where: { needId }, orderBy: { id: "asc" } }),
    db().need.findUniqueOrThrow({ where: { id: needId } }),
    db().engagement.findMany({ where: { needId }, orderBy: { id: "asc" } }),
    db().auditEvent.count(),
    db().emailMessage.count(),
    db().engagementFeedback.count(),
  ]);
  return { proposals, need, engagements, audits, emails, feedback };
}

describe("review and engagement lifecycle", () => {
  it("runs proposal → approval → acceptance → confirmation → engagement → close with feedback", async () => {
    const f = await reviewFixture();
    const { actors } = f;

    await tx((t) => approveProposal(t, actors.secretariat, f.p1.id));
    await tx((t) => approveProposal(t, actors.secretariat, f.p2.id));
    let p1 = await db().proposal.findUniqueOrThrow({ where: { id: f.p1.id } });
    expect(p1.status).toBe("approved");
    expect(p1.reviewedById).toBe(f.secretariatUser.id);
    expect(p1.expiresAt).not.toBeNull();
    const toExpert = await db().emailMessage.findMany({ where: { template: "proposal_to_expert" } });
    expect(toExpert.map((e) => e.userId).sort()).toEqual([f.expertUser.id, f.expert2User.id].sort());
    // Emails carry no confidential text.
    for (const e of toExpert) expect(JSON.stringify(e.params)).not.toContain("Confidential");
    // One deadline (issue 21): the email's reply-by is the moment the proposal page shows (expiresAt).
    const forP1 = toExpert.filter((e) => (e.params as { proposalUrl: string }).proposalUrl.endsWith(f.p1.id));
    expect(forP1.length).toBeGreaterThan(0);
    for (const e of forP1)
      expect((e.params as { respondBy: string }).respondBy).toBe(p1.expiresAt!.toISOString());

    await tx((t) => acceptProposal(t, actors.expert, f.p1.id, yes));
    p1 = await db().proposal.findUniqueOrThrow({ where: { id: f.p1.id } });
    expect(p1).toMatchObject({
      status: "accepted",
      conflictConfirmed: true,
      confidentialityAccepted: true,
      respondedById: f.expertUser.id,
    });
    expect(
      await db().emailMessage.count({ where: { template: "proposal_accepted", userId: f.coalitionUser.id } }),
    ).toBe(1);

    const confirmed = await tx((t) => confirmExpert(t, actors.coalition, f.p1.id));
    expect(confirmed.closedCount).toBe(1);
    const need = await db().need.findUniqueOrThrow({ where: { id: f.need.id } });
    expect(need.status).toBe("engaged");
    expect(need.engagedAt).not.toBeNull();
    const p2 = await db().proposal.findUniqueOrThrow({ where: { id: f.p2.id } });
    expect(p2.status).toBe("closed");
    expect(p2.closedReason).toBe("need_filled");
    // The competing expert, who had seen the approved proposal, is told politely.
    expect(
      await db().emailMessage.count({ where: { template: "proposal_closed", userId: f.expert2User.id } }),
    ).toBe(1);
    const engagement = await db().engagement.findUniqueOrThrow({ where: { id: confirmed.engagementId } });
    expect(engagement).toMatchObject({
      status: "active",
      expertOrganisationId: f.expert.id,
      coalitionOrganisationId: f.coalition.id,
      proposalId: f.p1.id,
    });
    expect(await db().emailMessage.count({ where: { template: "engagement_confirmed" } })).toBe(2);

    await tx((t) =>
      addEngagementUpdate(t, actors.expert, engagement.id, {
        kind: "progress",
        body: "Kick-off held",
        hours: 2.5,
        milestone: "Kick-off",
      }),
    );
    await tx((t) =>
      addEngagementUpdate(t, actors.coalition, engagement.id, {
        kind: "problem",
        body: "No answer for a week",
      }),
    );
    expect(await db().engagementUpdate.count({ where: { engagementId: engagement.id } })).toBe(2);
    expect(
      await db().emailMessage.count({
        where: { template: "engagement_problem", userId: f.secretariatUser.id },
      }),
    ).toBe(1);

    await tx((t) =>
      closeEngagement(t, actors.expert, engagement.id, { outcome: "achieved", note: "Opinion delivered" }),
    );
    expect((await db().need.findUniqueOrThrow({ where: { id: f.need.id } })).status).toBe("completed");
    // Both sides are asked for feedback, each member once; the mail carries no confidential detail.
    const asked = await db().emailMessage.findMany({
      where: { template: "engagement_feedback_request" },
      select: { userId: true, params: true },
    });
    const sides = await db().membership.findMany({
      where: {
        organisationId: { in: [engagement.expertOrganisationId, engagement.coalitionOrganisationId] },
      },
      select: { userId: true },
    });
    expect(asked.map((m) => m.userId).sort()).toEqual([...new Set(sides.map((m) => m.userId))].sort());
    expect(JSON.stringify(asked)).not.toContain("Confidential");
    await tx((t) => giveFeedback(t, actors.expert, engagement.id, { rating: 5, comment: "Clear asks" }));
    await tx((t) =>
      giveFeedback(t, actors.coalition, engagement.id, { rating: 4, comment: "Careful and quick" }),
    );
    expect(await db().engagementFeedback.count({ where: { engagementId: engagement.id } })).toBe(2);

    const actions = (await db().auditEvent.findMany({ select: { action: true } })).map((a) => a.action);
    for (const a of [
      "proposal.approved",
      "proposal.accepted",
      "proposal.confirmed",
      "proposal.closed",
      "engagement.started",
      "need.mark_engaged",
      "engagement.update_added",
      "engagement.problem_flagged",
      "engagement.closed",
      "need.complete",
      "engagement.feedback_given",
    ]) {
      expect(actions).toContain(a);
    }
  });

  it("refuses the wrong role at every step and changes nothing", async () => {
    const f = await reviewFixture();
    const { actors } = f;
    const before = await snapshot(f.need.id);
    expect(await refusal(tx((t) => approveProposal(t, actors.coalition, f.p1.id)))).toEqual({
      code: "forbidden",
      status: 403,
    });
    expect(await refusal(tx((t) => approveProposal(t, actors.expert, f.p1.id)))).toEqual({
      code: "forbidden",
      status: 403,
    });
    // Secretariat powers need a session that passed two-factor authentication.
    expect((await refusal(tx((t) => approveProposal(t, actors.secretariatNo2fa, f.p1.id)))).code).toBe(
      "forbidden",
    );
    expect((await refusal(tx((t) => rejectProposal(t, actors.coalition, f.p1.id, "no")))).code).toBe(
      "forbidden",
    );
    expect(
      (
        await refusal(
          tx((t) => proposeManually(t, actors.expert, { needId: f.need.id, offerId: f.offer1.id })),
        )
      ).code,
    ).toBe("forbidden");
    expect(await snapshot(f.need.id)).toEqual(before);

    await tx((t) => approveProposal(t, actors.secretariat, f.p1.id));
    const afterApprove = await snapshot(f.need.id);
    // Another expert organisation, the coalition or the secretariat cannot answer for the expert.
    for (const actor of [actors.expert2, actors.coalition, actors.secretariat]) {
      expect((await refusal(tx((t) => acceptProposal(t, actor, f.p1.id, yes)))).code).toBe("forbidden");
      expect((await refusal(tx((t) => declineProposalAsExpert(t, actor, f.p1.id, "busy")))).code).toBe(
        "forbidden",
      );
    }
    await tx((t) => acceptProposal(t, actors.expert, f.p1.id, yes));
    const afterAccept = await snapshot(f.need.id);
    for (const actor of [actors.expert, actors.expert2, actors.secretariat]) {
      expect((await refusal(tx((t) => confirmExpert(t, actor, f.p1.id)))).code).toBe("forbidden");
      expect((await refusal(tx((t) => declineExpertAsCoalition(t, actor, f.p1.id, "no")))).code).toBe(
        "forbidden",
      );
    }
    expect(await snapshot(f.need.id)).toEqual(afterAccept);
    expect(afterApprove.proposals[0]).not.toEqual(afterAccept.proposals[0]);

    const { engagementId } = await tx((t) => confirmExpert(t, actors.coalition, f.p1.id));
    const outsider = { viewer: { ...actors.expert2.viewer } };
    expect(
      (
        await refusal(
          tx((t) => addEngagementUpdate(t, outsider, engagementId, { kind: "progress", body: "x" })),
        )
      ).code,
    ).toBe("forbidden");
    expect(
      (
        await refusal(
          tx((t) => addEngagementUpdate(t, actors.secretariat, engagementId, { kind: "problem", body: "x" })),
        )
      ).code,
    ).toBe("forbidden");
    expect(
      (await refusal(tx((t) => closeEngagement(t, outsider, engagementId, { outcome: "achieved" })))).code,
    ).toBe("forbidden");
    await tx((t) => closeEngagement(t, actors.coalition, engagementId, { outcome: "not_achieved" }));
    expect((await db().need.findUniqueOrThrow({ where: { id: f.need.id } })).status).toBe("closed_unmet");
    expect(
      (await refusal(tx((t) => giveFeedback(t, actors.secretariat, engagementId, { rating: 3 })))).code,
    ).toBe("forbidden");
    expect((await refusal(tx((t) => giveFeedback(t, outsider, engagementId, { rating: 3 })))).code).toBe(
      "forbidden",
    );
  });

  it("refuses transitions from the wrong state and double submissions, changing nothing", async () => {
    const f = await reviewFixture();
    const { actors } = f;
    const before = await snapshot(f.need.id);
    // Not yet approved: the expert cannot answer, the coalition cannot confirm.
    expect(await refusal(tx((t) => acceptProposal(t, actors.expert, f.p1.id, yes)))).toEqual({
      code: "wrongState",
      status: 409,
    });
    expect((await refusal(tx((t) => confirmExpert(t, actors.coalition, f.p1.id)))).code).toBe("wrongState");
    // Reasons and undertakings are required.
    expect(await refusal(tx((t) => rejectProposal(t, actors.secretariat, f.p1.id, "   ")))).toEqual({
      code: "reasonRequired",
      status: 400,
    });
    expect(await snapshot(f.need.id)).toEqual(before);

    await tx((t) => approveProposal(t, actors.secretariat, f.p1.id));
    // The same approval form submitted twice.
    const afterFirst = await snapshot(f.need.id);
    expect(await refusal(tx((t) => approveProposal(t, actors.secretariat, f.p1.id)))).toEqual({
      code: "wrongState",
      status: 409,
    });
    expect((await refusal(tx((t) => rejectProposal(t, actors.secretariat, f.p1.id, "late")))).code).toBe(
      "wrongState",
    );
    expect(await snapshot(f.need.id)).toEqual(afterFirst);

    expect(
      (
        await refusal(
          tx((t) =>
            acceptProposal(t, actors.expert, f.p1.id, {
              conflictConfirmed: true,
              confidentialityAccepted: false,
            }),
          ),
        )
      ).code,
    ).toBe("undertakingsRequired");
    expect((await refusal(tx((t) => declineProposalAsExpert(t, actors.expert, f.p1.id, "")))).code).toBe(
      "reasonRequired",
    );
    expect(await snapshot(f.need.id)).toEqual(afterFirst);

    await tx((t) => acceptProposal(t, actors.expert, f.p1.id, yes));
    const afterAccept = await snapshot(f.need.id);
    expect((await refusal(tx((t) => acceptProposal(t, actors.expert, f.p1.id, yes)))).code).toBe(
      "wrongState",
    );
    expect(
      (await refusal(tx((t) => declineProposalAsExpert(t, actors.expert, f.p1.id, "changed mind")))).code,
    ).toBe("wrongState");
    expect(await snapshot(f.need.id)).toEqual(afterAccept);

    const { engagementId } = await tx((t) => confirmExpert(t, actors.coalition, f.p1.id));
    const afterConfirm = await snapshot(f.need.id);
    expect((await refusal(tx((t) => confirmExpert(t, actors.coalition, f.p1.id)))).code).toBe("wrongState");
    expect(
      (await refusal(tx((t) => declineExpertAsCoalition(t, actors.coalition, f.p1.id, "no")))).code,
    ).toBe("wrongState");
    // Feedback only after the close.
    expect((await refusal(tx((t) => giveFeedback(t, actors.expert, engagementId, { rating: 4 })))).code).toBe(
      "wrongState",
    );
    expect(await snapshot(f.need.id)).toEqual(afterConfirm);

    await tx((t) => closeEngagement(t, actors.expert, engagementId, { outcome: "partly_achieved" }));
    const afterClose = await snapshot(f.need.id);
    expect(
      (await refusal(tx((t) => closeEngagement(t, actors.coalition, engagementId, { outcome: "achieved" }))))
        .code,
    ).toBe("wrongState");
    expect(
      (
        await refusal(
          tx((t) => addEngagementUpdate(t, actors.expert, engagementId, { kind: "progress", body: "more" })),
        )
      ).code,
    ).toBe("engagementClosed");
    expect(await snapshot(f.need.id)).toEqual(afterClose);
    await tx((t) => giveFeedback(t, actors.coalition, engagementId, { rating: 4 }));
    const afterFeedback = await snapshot(f.need.id);
    expect(
      (await refusal(tx((t) => giveFeedback(t, actors.coalition, engagementId, { rating: 1 })))).code,
    ).toBe("alreadyGiven");
    expect((await refusal(tx((t) => giveFeedback(t, actors.expert, engagementId, { rating: 9 })))).code).toBe(
      "invalidInput",
    );
    expect(await snapshot(f.need.id)).toEqual(afterFeedback);
  });

  it("keeps declined pairs out, reopens a need with nothing in play, and lets the secretariat propose by hand", async () => {
    const f = await reviewFixture();
    const { actors } = f;
    await tx((t) => approveProposal(t, actors.secretariat, f.p1.id));
    await tx((t) => declineProposalAsExpert(t, actors.expert, f.p1.id, "Conflict with a funder"));
    expect((await db().proposal.findUniqueOrThrow({ where: { id: f.p1.id } })).declineReason).toBe(
      "Conflict with a funder",
    );
    // The pair is never proposed again.
    expect(
      (
        await refusal(
          tx((t) => proposeManually(t, actors.secretariat, { needId: f.need.id, offerId: f.offer1.id })),
        )
      ).code,
    ).toBe("alreadyProposed");

    await tx((t) => rejectProposal(t, actors.secretariat, f.p2.id, "Not the right topic"));
    expect((await db().need.findUniqueOrThrow({ where: { id: f.need.id } })).status).toBe("open");
    expect(
      await db().outboxEvent.count({ where: { name: "matching.need", dedupeKey: f.need.id } }),
    ).toBeGreaterThan(0);

    const offer3 = await createOffer({
      organisationId: f.expert2.id,
      createdById: f.expert2User.id,
      coverageCountries: ["MX"],
      coverageRegions: [],
    });
    const manual = await tx((t) =>
      proposeManually(t, actors.secretariat, { needId: f.need.id, offerId: offer3.id, approve: true }),
    );
    const p3 = await db().proposal.findUniqueOrThrow({ where: { id: manual.id } });
    expect(p3).toMatchObject({
      source: "secretariat",
      status: "approved",
      proposedById: f.secretariatUser.id,
    });
    const breakdown = p3.breakdown as {
      manual: boolean;
      factors: Record<string, { value: number; contribution: number }>;
      score: number;
    };
    expect(breakdown.manual).toBe(true);
    expect(Object.keys(breakdown.factors).sort()).toEqual([
      "availability",
      "format",
      "geography",
      "hours",
      "language",
      "quality",
      "topic",
      "urgency",
    ]);
    expect(breakdown.factors.geography.value).toBeGreaterThan(0);
    expect(p3.score).toBeCloseTo(breakdown.score, 5);
    expect((await db().need.findUniqueOrThrow({ where: { id: f.need.id } })).status).toBe("matching");
    expect(
      await db().auditEvent.count({
        where: { action: "proposal.proposed_manually", entityId: manual.id, actorId: f.secretariatUser.id },
      }),
    ).toBe(1);
  });

  it("waits for as many experts as the need wants, and takes a coalition's decline with a reason", async () => {
    const f = await reviewFixture({ expertsWanted: 2 });
    const { actors } = f;
    for (const p of [f.p1, f.p2]) await tx((t) => approveProposal(t, actors.secretariat, p.id));
    await tx((t) => acceptProposal(t, actors.expert, f.p1.id, yes));
    await tx((t) => acceptProposal(t, actors.expert2, f.p2.id, yes));
    const first = await tx((t) => confirmExpert(t, actors.coalition, f.p1.id));
    expect(first.closedCount).toBe(0);
    expect((await db().need.findUniqueOrThrow({ where: { id: f.need.id } })).status).toBe("matching");
    await tx((t) => declineExpertAsCoalition(t, actors.coalition, f.p2.id, "We found someone closer"));
    const p2 = await db().proposal.findUniqueOrThrow({ where: { id: f.p2.id } });
    expect(p2).toMatchObject({
      status: "declined_by_coalition",
      coalitionDeclineReason: "We found someone closer",
    });
    expect(
      await db().emailMessage.count({ where: { template: "proposal_closed", userId: f.expert2User.id } }),
    ).toBe(1);
    // One engagement is running: the need is not reopened.
    expect((await db().need.findUniqueOrThrow({ where: { id: f.need.id } })).status).toBe("matching");
  });
});
