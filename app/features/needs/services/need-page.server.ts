// What the need page reads around the need itself. The route decides who sees which part (the triage
// thread: the owner and the secretariat; the review count: the secretariat) and calls only those reads.
import type { Db } from "~/utils/db.server";

/** The triage thread (questions, answers, decisions), oldest first; at most 100 messages. */
export function triageMessages(client: Db, needId: string) {
  return client.triageMessage.findMany({
    where: { needId },
    orderBy: { createdAt: "asc" },
    select: { id: true, kind: true, body: true, createdAt: true },
    take: 100,
  });
}

/** Proposals for this need waiting for the secretariat's review (the way from the need to its review). */
export function proposalsWaitingForReview(client: Db, needId: string) {
  return client.proposal.count({ where: { needId, status: "proposed" } });
}

/** Whether an engagement for this need is under way (its confidential material cannot be destroyed then). */
export async function hasActiveEngagement(client: Db, needId: string) {
  return (await client.engagement.count({ where: { needId, status: "active" } })) > 0;
}
