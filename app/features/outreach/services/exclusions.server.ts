// Coalition exclusions (issue 17): a coalition's admins keep a list of organisations it does not want to
// work with, each with a private reason (never shown to the excluded organisation, never in an audit
// event's metadata). The matcher and both reach-out roads read the list (match-input's `exclusions`,
// through `scoreNeedOfferPair`); a change re-matches the coalition's open needs (one deduplicated job per
// need), so the matcher withdraws its unreviewed proposals of an organisation just excluded.
import { isAdminOf, type Viewer } from "~/features/auth/policy";
import { audit } from "~/utils/audit.server";
import type { Db, Tx } from "~/utils/db.server";
import { enqueue } from "~/utils/outbox.server";

export type ExclusionActor = { viewer: NonNullable<Viewer>; ip?: string | null };

export class ExclusionRefusedError extends Error {
  constructor(readonly code: "forbidden" | "notFound" | "self" | "notExcludable") {
    super(`exclusion refused: ${code}`);
    this.name = "ExclusionRefusedError";
  }
  get status() {
    return this.code === "forbidden" ? 403 : this.code === "notFound" ? 404 : 400;
  }
}

/** A coalition's admins manage its exclusions. */
export async function requireExclusionManager(
  client: Db | Tx,
  viewer: Viewer,
  coalitionId: string,
): Promise<{ id: string; name: string }> {
  const org = await client.organisation.findUnique({
    where: { id: coalitionId },
    select: { id: true, name: true, kind: true },
  });
  if (!org || !viewer?.memberships.some((m) => m.organisationId === coalitionId))
    throw new ExclusionRefusedError("notFound");
  if (org.kind !== "COALITION" || !isAdminOf(viewer, coalitionId))
    throw new ExclusionRefusedError("forbidden");
  return { id: org.id, name: org.name };
}

async function rematchOpenNeeds(tx: Tx, coalitionId: string) {
  const needs = await tx.need.findMany({
    where: { organisationId: coalitionId, status: { in: ["open", "matching"] } },
    select: { id: true },
  });
  for (const n of needs) await enqueue(tx, "matching.need", { needId: n.id }, { dedupeKey: n.id });
  return needs.length;
}

export async function addExclusion(
  tx: Tx,
  actor: ExclusionActor,
  input: { coalitionId: string; organisationId: string; reason?: string | null },
) {
  await requireExclusionManager(tx, actor.viewer, input.coalitionId);
  if (input.organisationId === input.coalitionId) throw new ExclusionRefusedError("self");
  const target = await tx.organisation.findUnique({
    where: { id: input.organisationId },
    select: { id: true, kind: true },
  });
  if (!target) throw new ExclusionRefusedError("notFound");
  // Organisations that publish offers: expert organisations, and coalitions (peer offers).
  if (target.kind === "SECRETARIAT") throw new ExclusionRefusedError("notExcludable");
  const reason = input.reason?.trim().slice(0, 1000) || null;
  const existing = await tx.exclusion.findUnique({
    where: {
      coalitionOrganisationId_excludedOrganisationId: {
        coalitionOrganisationId: input.coalitionId,
        excludedOrganisationId: target.id,
      },
    },
    select: { reason: true },
  });
  await tx.exclusion.upsert({
    where: {
      coalitionOrganisationId_excludedOrganisationId: {
        coalitionOrganisationId: input.coalitionId,
        excludedOrganisationId: target.id,
      },
    },
    create: { coalitionOrganisationId: input.coalitionId, excludedOrganisationId: target.id, reason },
    update: { reason },
  });
  await audit(tx, {
    actorId: actor.viewer.userId,
    organisationId: input.coalitionId,
    action: existing ? "exclusion.updated" : "exclusion.added",
    entityType: "organisation",
    entityId: target.id,
    ip: actor.ip ?? null,
    // The reason is private: the audit log records that there is one, not what it says.
    metadata: { coalitionId: input.coalitionId, withReason: !!reason },
  });
  const rematched = existing ? 0 : await rematchOpenNeeds(tx, input.coalitionId);
  return { added: !existing, rematched };
}

export async function removeExclusion(
  tx: Tx,
  actor: ExclusionActor,
  input: { coalitionId: string; organisationId: string },
) {
  await requireExclusionManager(tx, actor.viewer, input.coalitionId);
  const { count } = await tx.exclusion.deleteMany({
    where: { coalitionOrganisationId: input.coalitionId, excludedOrganisationId: input.organisationId },
  });
  if (!count) throw new ExclusionRefusedError("notFound");
  await audit(tx, {
    actorId: actor.viewer.userId,
    organisationId: input.coalitionId,
    action: "exclusion.removed",
    entityType: "organisation",
    entityId: input.organisationId,
    ip: actor.ip ?? null,
    metadata: { coalitionId: input.coalitionId },
  });
  return { rematched: await rematchOpenNeeds(tx, input.coalitionId) };
}

export async function listExclusions(client: Db | Tx, coalitionId: string) {
  return client.exclusion.findMany({
    where: { coalitionOrganisationId: coalitionId },
    orderBy: { createdAt: "asc" },
    select: {
      reason: true,
      createdAt: true,
      excluded: { select: { id: true, name: true, kind: true } },
    },
  });
}

/** For the secretariat's review: each coalition's excluded organisations (names only, never the reasons). */
export async function exclusionsOfCoalitions(client: Db | Tx, coalitionIds: string[]) {
  const rows = coalitionIds.length
    ? await client.exclusion.findMany({
        where: { coalitionOrganisationId: { in: coalitionIds } },
        orderBy: { createdAt: "asc" },
        select: { coalitionOrganisationId: true, excluded: { select: { id: true, name: true } } },
      })
    : [];
  const out = new Map<string, Array<{ id: string; name: string }>>();
  for (const r of rows)
    out.set(r.coalitionOrganisationId, [...(out.get(r.coalitionOrganisationId) ?? []), r.excluded]);
  return out;
}
