// The life of a need, checked on the server. Every change is the lifecycle kit's transition (one
// conditional update inside the caller's transaction, app/utils/lifecycle/need.ts): when it matches no row,
// the transition is refused with an AppError and, the transaction being rolled back, nothing changes. Each transition writes its timestamps, an audit event and the outbox rows that
// keep search, matching, digests and email in step.
import { defaultNeedSettings } from "~/features/auth/policy";
import { queueEmail } from "~/features/email/index.server";
import type { CivicContext, NeedStatus, NeedVisibility, Urgency, WorkFormat } from "~/generated/prisma/enums";
import { isLocale } from "~/i18n/config";
import { audit } from "~/utils/audit.server";
import type { Prisma, Tx } from "~/utils/db.server";
import { enqueue } from "~/utils/outbox.server";
import { queueSearchIndex, queueSearchIndexMany } from "~/features/search/index.server";
import { appUrl } from "~/utils/urls";
import { AppError, editableNeedStatuses, needLifecycle, needTable, type NeedAction } from "~/utils/lifecycle";
import { auditedTransition } from "~/utils/lifecycle/audited.server";
import { needField, needKeyForWrite, sealNeedField } from "./confidential.server";

/** The transition table (the lifecycle kit's): for each action, the statuses it may start from and its target. */
export const needTransitions = needTable.transitions;
export { editableNeedStatuses, type NeedAction };
/** Statuses in which the matcher works on the need: a change there re-runs matching. */
const matchingStatuses: NeedStatus[] = ["open", "matching"];

export const canNeed = needTable.can;

export type Actor = { userId: string | null; ip?: string | null };

export type NeedInput = {
  title: string;
  summary: string;
  details: string;
  outcomeWanted: string;
  contentLanguage: string;
  categoryId: string;
  topicIds: string[];
  countryCode: string;
  languages: string[];
  urgency: Urgency;
  wantedBy: Date | null;
  effortHours: number | null;
  format: WorkFormat;
  civicContext: CivicContext;
  /** Omitted: the defaults raised by the country's civic-space rating. */
  visibility?: NeedVisibility;
  anonymised?: boolean;
  expertsWanted: number;
};

/** Runs an audited transition (the kit's conditional update; refuses with an AppError), then reindexes. */
async function transition(
  tx: Tx,
  needId: string,
  action: NeedAction,
  actor: Actor,
  data: Prisma.NeedUpdateManyMutationInput = {},
  metadata: Record<string, string | number | boolean | null> = {},
) {
  const moved = await auditedTransition(tx, needLifecycle, needId, action, actor, data, metadata);
  await queueSearchIndex(tx, "need", needId);
  return moved;
}

async function organisationCountryRating(tx: Tx, countryCode: string) {
  const country = await tx.country.findUnique({
    where: { code: countryCode },
    select: { civicSpaceRating: true },
  });
  return country?.civicSpaceRating ?? null;
}

/** The shareable fields; details and outcome wanted are written sealed by `writeConfidential`. */
function needData(input: NeedInput) {
  return {
    title: input.title,
    summary: input.summary,
    contentLanguage: input.contentLanguage,
    categoryId: input.categoryId,
    topicIds: input.topicIds,
    countryCode: input.countryCode,
    languages: input.languages,
    urgency: input.urgency,
    wantedBy: input.wantedBy,
    effortHours: input.effortHours,
    format: input.format,
    civicContext: input.civicContext,
    expertsWanted: input.expertsWanted,
  };
}

/** Seals the need's details and outcome wanted with its data key and writes them. */
async function writeConfidential(
  tx: Tx,
  needId: string,
  input: Pick<NeedInput, "details" | "outcomeWanted">,
) {
  const key = await needKeyForWrite(tx, needId);
  await tx.need.update({
    where: { id: needId },
    data: {
      details: sealNeedField(key, input.details, needField("Need", needId, "details")),
      outcomeWanted: sealNeedField(key, input.outcomeWanted, needField("Need", needId, "outcomeWanted")),
    },
    select: { id: true },
  });
}

/** Creates a draft (or submits it at once with `submit: true`). */
export async function createNeed(
  tx: Tx,
  args: { organisationId: string; actor: Actor & { userId: string }; input: NeedInput; submit?: boolean },
) {
  const defaults = defaultNeedSettings(await organisationCountryRating(tx, args.input.countryCode));
  const need = await tx.need.create({
    data: {
      ...needData(args.input),
      organisationId: args.organisationId,
      createdById: args.actor.userId,
      visibility: args.input.visibility ?? defaults.visibility,
      anonymised: args.input.anonymised ?? defaults.anonymised,
      status: "draft",
    },
    select: { id: true },
  });
  await writeConfidential(tx, need.id, args.input);
  await audit(tx, {
    actorId: args.actor.userId,
    organisationId: args.organisationId,
    action: "need.created",
    entityType: "need",
    entityId: need.id,
    ip: args.actor.ip ?? null,
  });
  await queueSearchIndex(tx, "need", need.id);
  if (args.submit) await submitNeed(tx, args.actor, need.id);
  return need;
}

/** Edits a need's fields while the coalition may still change it; re-runs matching when it is being matched. */
export async function updateNeed(tx: Tx, actor: Actor, needId: string, input: NeedInput) {
  const before = await tx.need.findUnique({
    where: { id: needId },
    select: { status: true, organisationId: true },
  });
  if (!before) throw new AppError("notFound", "need", needId, { action: "edit" });
  const { count } = await tx.need.updateMany({
    where: { id: needId, status: { in: editableNeedStatuses } },
    data: {
      ...needData(input),
      ...(input.visibility ? { visibility: input.visibility } : {}),
      ...(input.anonymised !== undefined ? { anonymised: input.anonymised } : {}),
    },
  });
  if (count === 0)
    throw new AppError("wrongState", "need", needId, { currentStatus: before.status, action: "edit" });
  await writeConfidential(tx, needId, input);
  await audit(tx, {
    actorId: actor.userId,
    organisationId: before.organisationId,
    action: "need.edited",
    entityType: "need",
    entityId: needId,
    ip: actor.ip ?? null,
    metadata: { status: before.status },
  });
  await queueSearchIndex(tx, "need", needId);
  if (matchingStatuses.includes(before.status))
    await enqueue(tx, "matching.need", { needId }, { dedupeKey: needId });
}

export async function submitNeed(tx: Tx, actor: Actor, needId: string) {
  return transition(tx, needId, "submit", actor, { submittedAt: new Date() });
}

/** The coalition answers the secretariat's question and sends the need back to triage. */
export async function answerAndResubmitNeed(
  tx: Tx,
  actor: Actor & { userId: string },
  needId: string,
  answer: string,
) {
  const result = await transition(tx, needId, "resubmit", actor, { submittedAt: new Date() });
  await tx.triageMessage.create({ data: { needId, authorId: actor.userId, kind: "answer", body: answer } });
  return result;
}

export async function withdrawNeed(tx: Tx, actor: Actor, needId: string) {
  const result = await transition(tx, needId, "withdraw", actor, { closedAt: new Date() });
  if (matchingStatuses.includes(result.previousStatus))
    await enqueue(tx, "matching.need", { needId }, { dedupeKey: needId });
  return result;
}

// ───────────── triage (secretariat) ─────────────

async function notifyCoalition(
  tx: Tx,
  need: { id: string; title: string; organisationId: string },
  outcome: "open" | "needs_info" | "declined",
  key: string,
) {
  const members = await tx.membership.findMany({
    where: { organisationId: need.organisationId, user: { deletedAt: null } },
    select: { user: { select: { id: true, email: true, locale: true } } },
  });
  for (const { user } of members) {
    await queueEmail(tx, {
      to: user.email,
      userId: user.id,
      template: "need_triaged",
      locale: isLocale(user.locale) ? user.locale : "en",
      params: { needUrl: appUrl(`/needs/${need.id}`), needTitle: need.title.slice(0, 300), outcome },
      dedupeKey: `need_triaged:${key}:${user.id}`,
    });
  }
}

/** Triage: the need goes on the board and to the matcher; critical needs alert fitting experts at once. */
export async function openNeed(tx: Tx, actor: Actor & { userId: string }, needId: string) {
  const openedAt = new Date();
  const result = await transition(tx, needId, "open", actor, { openedAt, triagedBy: actor.userId });
  await enqueue(tx, "matching.need", { needId }, { dedupeKey: needId });
  if (result.urgency === "critical")
    await enqueue(tx, "digest.urgent", { needId }, { dedupeKey: `urgent:${needId}` });
  const message = await tx.triageMessage.create({
    data: { needId, authorId: actor.userId, kind: "decision", body: "open" },
    select: { id: true },
  });
  await notifyCoalition(tx, result, "open", message.id);
  return result;
}

/** Triage: asks the coalition a question; it sees it on its need page, answers and resubmits. */
export async function askForInformation(
  tx: Tx,
  actor: Actor & { userId: string },
  needId: string,
  question: string,
) {
  const result = await transition(tx, needId, "ask_info", actor, { triagedBy: actor.userId });
  const message = await tx.triageMessage.create({
    data: { needId, authorId: actor.userId, kind: "question", body: question },
    select: { id: true },
  });
  await notifyCoalition(tx, result, "needs_info", message.id);
  return result;
}

/** Triage: declines with a reason (always) and a referral to another source of help (optional). */
export async function declineNeed(
  tx: Tx,
  actor: Actor & { userId: string },
  needId: string,
  decision: { reason: string; referral?: string | null },
) {
  const reason = decision.reason.trim();
  if (!reason) throw new Error("A decline needs a reason"); // the form's schema requires one
  const referral = decision.referral?.trim() || null;
  const result = await transition(
    tx,
    needId,
    "decline",
    actor,
    {
      declineReason: reason,
      referral,
      closedAt: new Date(),
      triagedBy: actor.userId,
    },
    { referral: !!referral },
  );
  const message = await tx.triageMessage.create({
    data: { needId, authorId: actor.userId, kind: "decision", body: reason },
    select: { id: true },
  });
  await notifyCoalition(tx, result, "declined", message.id);
  return result;
}

// ───────────── matching and engagements (called by those features) ─────────────

/** The matcher created proposals for an open need. Idempotent: a need already `matching` is left alone. */
export async function markNeedMatching(tx: Tx, actor: Actor, needId: string) {
  const current = await tx.need.findUnique({ where: { id: needId }, select: { status: true } });
  if (current?.status === "matching") return null;
  return transition(tx, needId, "mark_matching", actor);
}

/** Every proposal of a `matching` need is gone: it is open again. Idempotent for an open need. */
export async function reopenNeed(tx: Tx, actor: Actor, needId: string) {
  const current = await tx.need.findUnique({ where: { id: needId }, select: { status: true } });
  if (current?.status === "open") return null;
  const result = await transition(tx, needId, "reopen", actor);
  await enqueue(tx, "matching.need", { needId }, { dedupeKey: needId });
  return result;
}

/**
 * One transition for many needs at once, set-based (the matcher moves thousands of needs in a run): one
 * statement updates them and writes their audit events, one more queues their search updates. Needs not in a
 * `from` status are left as they are — a batch states what should hold, so a need already there is not an
 * error. Returns the ids moved.
 */
export async function transitionNeeds(
  tx: Tx,
  needIds: readonly string[],
  action: NeedAction,
  actor: Actor = { userId: null },
  metadata: Record<string, string | number | boolean | null> = {},
): Promise<string[]> {
  if (needIds.length === 0) return [];
  const { from, to } = needTable.transitions[action];
  const moved = await tx.$queryRaw<Array<{ id: string }>>`
    WITH before AS (
      SELECT id, status FROM "Need"
      WHERE id = ANY(${[...needIds]}::text[]) AND status::text = ANY(${from}::text[])
      ORDER BY id FOR UPDATE
    ), moved AS (
      UPDATE "Need" n SET status = ${to}::"NeedStatus", "updatedAt" = now()
      FROM before b WHERE n.id = b.id
      RETURNING n.id, n."organisationId", b.status::text AS previous
    ), audited AS (
      INSERT INTO "AuditEvent" ("actorId", "organisationId", action, "entityType", "entityId", ip, metadata)
      SELECT ${actor.userId}, "organisationId", ${`need.${action}`}, 'need', id, ${actor.ip ?? null},
             jsonb_build_object('from', previous, 'to', ${to}::text) || ${JSON.stringify(metadata)}::jsonb
      FROM moved
    )
    SELECT id FROM moved ORDER BY id`;
  if (moved.length === 0) return [];
  const ids = moved.map((m) => m.id);
  await queueSearchIndexMany(tx, "need", ids);
  return ids;
}

/** An engagement started (the coalition confirmed an expert). */
export async function markNeedEngaged(tx: Tx, actor: Actor, needId: string) {
  const current = await tx.need.findUnique({ where: { id: needId }, select: { status: true } });
  if (current?.status === "engaged") return null;
  return transition(tx, needId, "mark_engaged", actor, { engagedAt: new Date() });
}

export async function completeNeed(tx: Tx, actor: Actor, needId: string) {
  return transition(tx, needId, "complete", actor, { closedAt: new Date() });
}

export async function closeNeedUnmet(tx: Tx, actor: Actor, needId: string) {
  const result = await transition(tx, needId, "close_unmet", actor, { closedAt: new Date() });
  if (matchingStatuses.includes(result.previousStatus))
    await enqueue(tx, "matching.need", { needId }, { dedupeKey: needId });
  return result;
}
