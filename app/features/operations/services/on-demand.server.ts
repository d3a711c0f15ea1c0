// Work the secretariat can start from /secretariat/operations instead of waiting for a schedule: send
// today's digests now, re-run matching for one need or for all, rebuild the search index. Each is an
// outbox row written with its audit event in one transaction (ADR 0003), and each job is idempotent:
// digests are claimed once per user and period, proposals are unique per (need, offer), and a rebuilt
// index holds the same documents however often it is rebuilt.
import { previousPeriod } from "~/features/digest/index.server";
import { audit } from "~/utils/audit.server";
import type { Tx } from "~/utils/db.server";
import { enqueue } from "~/utils/outbox.server";

type Actor = { userId: string; organisationId: string | null; ip: string | null };

const auditFor = (
  actor: Actor,
  action: string,
  entityType: string,
  entityId: string | null,
  metadata?: object,
) => ({
  actorId: actor.userId,
  organisationId: actor.organisationId,
  action,
  entityType,
  entityId,
  ip: actor.ip,
  metadata: metadata as never,
});

/** The digests the next scheduled run would send (the last complete period), now. */
export async function sendDigestsNow(tx: Tx, actor: Actor, frequency: "daily" | "weekly", now = new Date()) {
  const period = previousPeriod(frequency, now);
  await enqueue(tx, "digest.run", { frequency, period });
  await audit(tx, auditFor(actor, "operations.digests_sent", "digest", period, { frequency }));
  return { period };
}

export type RematchOutcome = "queued" | "not_found" | "not_matchable";

/** Matching again for one need (open or matching), as when it opened. */
export async function rematchNeed(tx: Tx, actor: Actor, needId: string): Promise<RematchOutcome> {
  const need = await tx.need.findUnique({ where: { id: needId }, select: { status: true } });
  if (!need) return "not_found";
  if (need.status !== "open" && need.status !== "matching") return "not_matchable";
  await enqueue(tx, "matching.need", { needId });
  await audit(tx, auditFor(actor, "operations.rematch_need", "need", needId));
  return "queued";
}

/** A full rebalance of every open need, as the schedule runs it. */
export async function rematchAll(tx: Tx, actor: Actor) {
  await enqueue(tx, "matching.rebalance", {});
  await audit(tx, auditFor(actor, "operations.rematch_all", "matching", null));
}

export async function rebuildSearchIndex(tx: Tx, actor: Actor) {
  await enqueue(tx, "search.reindex", {});
  await audit(tx, auditFor(actor, "operations.search_reindex", "search", null));
}

/** Retrying or discarding a failed job is recorded too (queue and job id; never its payload). */
export async function auditJobAction(
  tx: Tx,
  actor: Actor,
  action: "retry" | "discard",
  queue: string,
  jobId: string,
  jobName: string | undefined,
) {
  await audit(
    tx,
    auditFor(
      actor,
      action === "retry" ? "operations.job_retried" : "operations.job_discarded",
      "job",
      jobId,
      {
        queue,
        job: jobName ?? null,
      },
    ),
  );
}
