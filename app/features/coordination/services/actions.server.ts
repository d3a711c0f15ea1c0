// Actions agreed on calls: the secretariat records them (a need to post, or a task) with an owner and a
// due date, and follows them up at later calls; the owning coalition (or the secretariat) turns an action
// of kind `need` into a need draft pre-filled with the country's current civic-space context, through the
// marketplace's createNeed. "My actions" lists a person's and their organisations' open actions.
import { isSecretariat, needAccess, type Viewer } from "~/features/auth/policy";
import { createNeed } from "~/features/needs/index.server";
import type { Prisma } from "~/generated/prisma/client";
import type { CivicContext } from "~/generated/prisma/enums";
import { audit } from "~/utils/audit.server";
import { db, type Tx } from "~/utils/db.server";
import { httpError } from "~/utils/http.server";
import { canTurnIntoNeed, ownActionsWhere, visibleActionsWhere } from "../policy";
import type { ActionInput, FollowUpInput } from "../schemas";
import type { Actor } from "./calls.server";
import { pageCount, pageNumber } from "~/utils/pagination";

const MY_ACTIONS_PAGE = 50;

export const actionSelect = {
  id: true,
  callId: true,
  kind: true,
  title: true,
  description: true,
  categoryId: true,
  dueOn: true,
  status: true,
  visibility: true,
  followUpNote: true,
  followedUpAtCallId: true,
  createdNeedId: true,
  createdAt: true,
  ownerOrganisation: { select: { id: true, name: true, kind: true } },
  ownerUser: { select: { id: true, name: true } },
  createdNeed: {
    select: { id: true, status: true, organisationId: true, visibility: true, anonymised: true },
  },
} satisfies Prisma.CallActionSelect;

type ActionRow = Prisma.CallActionGetPayload<{ select: typeof actionSelect }>;

/** An action as the viewer may see it: the need it became is linked only when the viewer may see that need. */
export function presentAction(viewer: Viewer, a: ActionRow) {
  const { createdNeed, ...rest } = a;
  const needVisible = createdNeed ? needAccess(viewer, createdNeed).level !== "none" : false;
  return {
    ...rest,
    createdNeedId: needVisible ? a.createdNeedId : null,
    needCreated: !!createdNeed,
    createdNeedStatus: needVisible ? (createdNeed?.status ?? null) : null,
    canTurnIntoNeed: !createdNeed && a.status === "open" && canTurnIntoNeed(viewer, a),
  };
}

export async function addAction(tx: Tx, actor: Actor, callId: string, input: Omit<ActionInput, "intent">) {
  const call = await tx.coordinationCall.findUnique({
    where: { id: callId },
    select: { id: true, invitees: { select: { organisationId: true } } },
  });
  if (!call) throw httpError(404, "common:errors.notFound");
  const inviteeIds = call.invitees.map((i) => i.organisationId);
  let ownerOrganisationId: string | null = null;
  if (input.ownerOrganisationId) {
    if (!inviteeIds.includes(input.ownerOrganisationId))
      throw httpError(400, "coordination:errors.ownerNotInvited");
    const org = await tx.organisation.findUniqueOrThrow({
      where: { id: input.ownerOrganisationId },
      select: { kind: true },
    });
    if (input.kind === "need" && org.kind !== "COALITION")
      throw httpError(400, "coordination:errors.needOwner");
    ownerOrganisationId = input.ownerOrganisationId;
  }
  let ownerUserId: string | null = null;
  if (input.ownerUserId) {
    // The owner must belong to the owning organisation, or (without one) to an invitee or the secretariat.
    const allowed = await tx.membership.findFirst({
      where: {
        userId: input.ownerUserId,
        user: { deletedAt: null },
        organisation: ownerOrganisationId
          ? { id: ownerOrganisationId }
          : { OR: [{ id: { in: inviteeIds } }, { kind: "SECRETARIAT" }] },
      },
      select: { userId: true },
    });
    if (!allowed) throw httpError(400, "coordination:errors.ownerUser");
    ownerUserId = input.ownerUserId;
  }
  if (input.categoryId) {
    const category = await tx.category.findUnique({
      where: { id: input.categoryId },
      select: { id: true },
    });
    if (!category) throw httpError(400, "coordination:errors.needCategory");
  }
  const action = await tx.callAction.create({
    data: {
      callId,
      kind: input.kind,
      title: input.title,
      description: input.description?.trim() ?? "",
      categoryId: input.categoryId || null,
      ownerOrganisationId,
      ownerUserId,
      dueOn: input.dueOn ? new Date(`${input.dueOn}T00:00:00Z`) : null,
      visibility: input.visibility,
      createdById: actor.userId,
    },
    select: { id: true },
  });
  await audit(tx, {
    actorId: actor.userId,
    organisationId: ownerOrganisationId,
    action: "call.action_added",
    entityType: "call_action",
    entityId: action.id,
    ip: actor.ip ?? null,
    metadata: { callId, kind: input.kind, visibility: input.visibility },
  });
  return action;
}

/** Records, at a call, what became of an action agreed at an earlier call of the same country. */
export async function followUpAction(
  tx: Tx,
  actor: Actor,
  callId: string,
  input: Omit<FollowUpInput, "intent">,
) {
  const [call, action] = await Promise.all([
    tx.coordinationCall.findUnique({
      where: { id: callId },
      select: { id: true, countryCode: true, startsAt: true },
    }),
    tx.callAction.findUnique({
      where: { id: input.actionId },
      select: { id: true, status: true, call: { select: { id: true, countryCode: true, startsAt: true } } },
    }),
  ]);
  if (!call || !action) throw httpError(404, "common:errors.notFound");
  const earlier =
    action.call.countryCode === call.countryCode &&
    action.call.startsAt < call.startsAt &&
    action.call.id !== call.id;
  const sameCall = action.call.id === call.id;
  if (!earlier && !sameCall) throw httpError(400, "coordination:errors.followUp");
  await tx.callAction.update({
    where: { id: action.id },
    data: {
      status: input.status,
      followUpNote: input.followUpNote?.trim() || null,
      followedUpAtCallId: earlier ? call.id : undefined,
    },
  });
  await audit(tx, {
    actorId: actor.userId,
    action: "call.action_followed_up",
    entityType: "call_action",
    entityId: action.id,
    ip: actor.ip ?? null,
    metadata: { callId, from: action.status, to: input.status },
  });
}

/** The need draft's civic-space context, from the country's current rating trend. */
function civicContextFor(trend: "improving" | "stable" | "worsening"): CivicContext {
  return trend === "worsening" ? "closing" : trend === "improving" ? "opening" : "steady";
}

/**
 * Turns an action of kind `need` into a pre-filled need draft for the coalition that owns it, through the
 * marketplace's createNeed (status draft, audited there too). The owning coalition's members and the
 * secretariat may do it; the coalition completes and submits the draft. Once only (409 after).
 */
export async function actionToNeed(tx: Tx, actor: Actor, viewer: Viewer, actionId: string, callId?: string) {
  const action = await tx.callAction.findUnique({
    where: { id: actionId },
    select: {
      id: true,
      callId: true,
      kind: true,
      title: true,
      description: true,
      categoryId: true,
      dueOn: true,
      status: true,
      visibility: true,
      createdNeedId: true,
      ownerOrganisation: { select: { id: true, kind: true, languages: true } },
      call: { select: { countryCode: true, country: { select: { ratingTrend: true } } } },
    },
  });
  if (!action || (callId && action.callId !== callId)) throw httpError(404, "common:errors.notFound");
  // Someone who may not see the action learns nothing more than "not found".
  const visible = await tx.callAction.count({
    where: { AND: [{ id: action.id }, visibleActionsWhere(viewer)] },
  });
  if (!visible) throw httpError(404, "common:errors.notFound");
  if (action.kind !== "need" || action.createdNeedId) throw httpError(409, "coordination:errors.alreadyNeed");
  if (!canTurnIntoNeed(viewer, action)) throw httpError(403, "common:errors.forbidden");
  if (action.status !== "open") throw httpError(409, "coordination:errors.actionClosed");
  const owner = action.ownerOrganisation;
  if (!owner || owner.kind !== "COALITION") throw httpError(400, "coordination:errors.needOwner");
  if (!action.categoryId) throw httpError(400, "coordination:errors.needCategory");
  const languages = owner.languages.length ? owner.languages : ["en"];
  const need = await createNeed(tx, {
    organisationId: owner.id,
    actor: { userId: actor.userId, ip: actor.ip ?? null },
    input: {
      title: action.title,
      summary: action.description || action.title,
      details: "",
      outcomeWanted: "",
      contentLanguage: languages[0],
      categoryId: action.categoryId,
      topicIds: [],
      countryCode: action.call.countryCode,
      languages,
      urgency: "normal",
      wantedBy: action.dueOn,
      effortHours: null,
      format: "either",
      civicContext: civicContextFor(action.call.country.ratingTrend),
      // A secretariat-only action keeps the strictest setting; otherwise the country's defaults apply.
      visibility: action.visibility === "secretariat" ? "secretariat" : undefined,
      expertsWanted: 1,
    },
  });
  const { count } = await tx.callAction.updateMany({
    where: { id: action.id, createdNeedId: null },
    data: { createdNeedId: need.id },
  });
  if (count === 0) throw httpError(409, "coordination:errors.alreadyNeed");
  await audit(tx, {
    actorId: actor.userId,
    organisationId: owner.id,
    action: "call.action_to_need",
    entityType: "call_action",
    entityId: action.id,
    ip: actor.ip ?? null,
    metadata: { callId: action.callId, needId: need.id, bySecretariat: isSecretariat(viewer) },
  });
  return need;
}

/** Options for the action form: invitee organisations and their members (one query). */
export async function actionOwnerOptions(callId: string) {
  const invitees = await db().callInvitee.findMany({
    where: { callId },
    select: {
      organisation: {
        select: {
          id: true,
          name: true,
          kind: true,
          memberships: {
            where: { user: { deletedAt: null } },
            select: { user: { select: { id: true, name: true } } },
            take: 100,
          },
        },
      },
    },
  });
  return invitees.map((i) => ({
    id: i.organisation.id,
    name: i.organisation.name,
    kind: i.organisation.kind,
    members: i.organisation.memberships.map((m) => m.user),
  }));
}

/** "My actions": the viewer's and their organisations' actions across calls, open ones first by due date. */
export async function myActions(viewer: Viewer, options: { status?: "open" | "all"; page?: unknown } = {}) {
  const where: Prisma.CallActionWhereInput = {
    AND: [ownActionsWhere(viewer), options.status === "all" ? {} : { status: "open" }],
  };
  const total = await db().callAction.count({ where });
  const pages = pageCount(total, MY_ACTIONS_PAGE);
  const page = Math.min(pageNumber(options.page), pages);
  const rows = await db().callAction.findMany({
    where,
    orderBy: [{ status: "asc" }, { dueOn: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }],
    skip: (page - 1) * MY_ACTIONS_PAGE,
    take: MY_ACTIONS_PAGE,
    select: {
      ...actionSelect,
      call: { select: { id: true, title: true, countryCode: true, startsAt: true } },
    },
  });
  return {
    items: rows.map(({ call, ...a }) => ({ ...presentAction(viewer, a), call })),
    total,
    page,
    pages,
    pageSize: MY_ACTIONS_PAGE,
  };
}
