// The legislation tracker: bills, laws and decrees affecting civic space, per country, with their stage
// (lifecycle table in ~/utils/lifecycle/legislation), dated history, direction (closing or opening space)
// and links to what they caused. The secretariat records and edits (policy: mayRecordLegislation); vetted
// members read (seesLegislation). Every change is one transaction with its audit event and, for a stage
// change, the outbox row of the followers' alert (jobs/legislation-alert.job.ts).
import {
  isSecretariat,
  mayFollowCountry,
  mayRecordLegislation,
  ownOrganisationIds,
  seesLegislation,
  visibleNeedsWhere,
  visibleResourcesWhere,
  type Viewer,
} from "~/features/auth/policy";
import { visibleCallsWhere } from "~/features/coordination/policy";
import type { LegislationLinkKind, LegislationStage, SpaceDirection } from "~/generated/prisma/enums";
import { audit } from "~/utils/audit.server";
import { db, type Prisma, type Tx } from "~/utils/db.server";
import { httpError } from "~/utils/http.server";
import {
  legislationLifecycle,
  legislationTable,
  type LegislationAction,
} from "~/utils/lifecycle/legislation";
import { enqueue } from "~/utils/outbox.server";
import {
  spaceDirections,
  type EditInput,
  type LinkInput,
  type RecordInput,
  type StageInput,
} from "../schemas";

const TRACKER_PAGE_SIZE = 10;

export type Actor = { userId: string; ip?: string | null };

const dateOf = (day: string) => new Date(`${day}T00:00:00Z`);

function pageOf(value: unknown) {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 10_000 ? n : 1;
}

function requireRecorder(viewer: Viewer) {
  if (!mayRecordLegislation(viewer)) throw httpError(403, "common:errors.forbidden");
}

const summarySelect = {
  id: true,
  countryCode: true,
  kind: true,
  title: true,
  summary: true,
  contentLanguage: true,
  reference: true,
  direction: true,
  stage: true,
  stageOn: true,
  updatedAt: true,
} as const;

// ───────────── reading ─────────────

/** A country's tracked texts, most recently moved first, paged; null when the viewer may not read them. */
export async function countryTracker(
  viewer: Viewer,
  countryCode: string,
  options: { page?: unknown; direction?: string | null } = {},
) {
  if (!seesLegislation(viewer)) return null;
  const direction = spaceDirections.find((d) => d === options.direction) ?? null;
  const where = { countryCode, ...(direction ? { direction } : {}) };
  const page = pageOf(options.page);
  const [total, items, byDirection] = await Promise.all([
    db().legislation.count({ where }),
    db().legislation.findMany({
      where,
      orderBy: [{ stageOn: "desc" }, { id: "asc" }],
      skip: (page - 1) * TRACKER_PAGE_SIZE,
      take: TRACKER_PAGE_SIZE,
      select: summarySelect,
    }),
    db().legislation.groupBy({ by: ["direction"], where: { countryCode }, _count: { _all: true } }),
  ]);
  return {
    items,
    total,
    page,
    pages: Math.max(1, Math.ceil(total / TRACKER_PAGE_SIZE)),
    counts: Object.fromEntries(byDirection.map((d) => [d.direction, d._count._all])) as Partial<
      Record<SpaceDirection, number>
    >,
    direction,
    canRecord: mayRecordLegislation(viewer),
  };
}

/** Which of the linked items the viewer may see, each through its own feature's rule. */
async function visibleLinks(
  viewer: Viewer,
  links: Array<{ id: string; kind: LegislationLinkKind; targetId: string }>,
) {
  const ids = (kind: LegislationLinkKind) => links.filter((l) => l.kind === kind).map((l) => l.targetId);
  const secretariat = isSecretariat(viewer);
  const own = ownOrganisationIds(viewer);
  const [needs, calls, engagements, resources] = await Promise.all([
    ids("need").length
      ? db().need.findMany({
          where: { AND: [visibleNeedsWhere(viewer), { id: { in: ids("need") } }] },
          select: { id: true, title: true, contentLanguage: true, status: true },
        })
      : [],
    ids("call").length
      ? db().coordinationCall.findMany({
          where: { AND: [visibleCallsWhere(viewer), { id: { in: ids("call") } }] },
          select: { id: true, title: true, startsAt: true },
        })
      : [],
    ids("engagement").length
      ? db().engagement.findMany({
          where: {
            id: { in: ids("engagement") },
            ...(secretariat
              ? {}
              : {
                  OR: [{ coalitionOrganisationId: { in: own } }, { expertOrganisationId: { in: own } }],
                }),
          },
          select: { id: true, status: true, need: { select: { title: true, contentLanguage: true } } },
        })
      : [],
    ids("resource").length
      ? db().resource.findMany({
          where: { AND: [visibleResourcesWhere(viewer), { id: { in: ids("resource") } }] },
          select: { id: true, title: true, contentLanguage: true },
        })
      : [],
  ]);
  const byId = {
    need: new Map(
      needs.map((n) => [n.id, { title: n.title, lang: n.contentLanguage, url: `/needs/${n.id}` }]),
    ),
    call: new Map(calls.map((c) => [c.id, { title: c.title, lang: null, url: `/calls/${c.id}` }])),
    engagement: new Map(
      engagements.map((e) => [
        e.id,
        { title: e.need.title, lang: e.need.contentLanguage, url: `/engagements/${e.id}` },
      ]),
    ),
    // The learning exchange's resources, through its own visibility rule.
    resource: new Map(
      resources.map((r) => [r.id, { title: r.title, lang: r.contentLanguage, url: `/resources/${r.id}` }]),
    ),
  };
  const shown = links.flatMap((l) => {
    const target = byId[l.kind].get(l.targetId);
    return target ? [{ id: l.id, kind: l.kind, targetId: l.targetId, ...target }] : [];
  });
  return { shown, hidden: links.length - shown.length };
}

/** One text with its dated history and the links the viewer may see; 404 for readers who may not. */
export async function loadLegislation(viewer: Viewer, id: string) {
  if (!seesLegislation(viewer)) throw httpError(404, "common:errors.notFound");
  const row = await db().legislation.findUnique({
    where: { id },
    select: {
      ...summarySelect,
      createdAt: true,
      stages: {
        orderBy: [{ occurredOn: "desc" }, { createdAt: "desc" }],
        select: {
          id: true,
          fromStage: true,
          stage: true,
          occurredOn: true,
          note: true,
          createdAt: true,
          recordedBy: { select: { name: true } },
        },
      },
      links: { orderBy: { createdAt: "asc" }, select: { id: true, kind: true, targetId: true } },
    },
  });
  if (!row) throw httpError(404, "common:errors.notFound");
  const secretariat = isSecretariat(viewer);
  const links = await visibleLinks(viewer, row.links);
  return {
    legislation: {
      ...row,
      links: undefined,
      // Who recorded a stage is the secretariat's business.
      stages: row.stages.map(({ recordedBy, ...s }) => ({
        ...s,
        recordedByName: secretariat ? recordedBy.name : null,
      })),
    },
    links: links.shown,
    hiddenLinks: secretariat ? 0 : links.hidden,
    canRecord: mayRecordLegislation(viewer),
    actions: mayRecordLegislation(viewer) ? legislationTable.actionsFrom(row.stage) : [],
  };
}

// ───────────── recording (secretariat) ─────────────

/** One audit event `legislation.<action>` about a text, by the recording member. */
function auditLegislation(
  tx: Tx,
  actor: Actor,
  action: string,
  id: string,
  metadata: Prisma.InputJsonObject,
) {
  return audit(tx, {
    actorId: actor.userId,
    action: `legislation.${action}`,
    entityType: "legislation",
    entityId: id,
    ip: actor.ip ?? null,
    metadata,
  });
}

async function alertFollowers(tx: Tx, stageChangeId: string) {
  await enqueue(
    tx,
    "digest.legislation-alert",
    { stageChangeId },
    { dedupeKey: `legislation:${stageChangeId}` },
  );
}

export async function recordLegislation(
  tx: Tx,
  viewer: Viewer,
  actor: Actor,
  input: Omit<RecordInput, "intent">,
) {
  requireRecorder(viewer);
  const country = await tx.country.findUnique({
    where: { code: input.countryCode },
    select: { code: true },
  });
  if (!country) throw httpError(400, "legislation:errors.country");
  const stageOn = dateOf(input.stageOn);
  const created = await tx.legislation.create({
    data: {
      countryCode: input.countryCode,
      kind: input.kind,
      title: input.title,
      summary: input.summary ?? "",
      contentLanguage: input.contentLanguage,
      reference: input.reference || null,
      direction: input.direction,
      stage: input.stage,
      stageOn,
      createdById: actor.userId,
    },
    select: { id: true },
  });
  const change = await tx.legislationStageChange.create({
    data: {
      legislationId: created.id,
      fromStage: null,
      stage: input.stage,
      occurredOn: stageOn,
      recordedById: actor.userId,
    },
    select: { id: true },
  });
  await auditLegislation(tx, actor, "recorded", created.id, {
    countryCode: input.countryCode,
    kind: input.kind,
    direction: input.direction,
    stage: input.stage,
    stageOn: input.stageOn,
  });
  await alertFollowers(tx, change.id);
  return created;
}

export async function editLegislation(
  tx: Tx,
  viewer: Viewer,
  actor: Actor,
  id: string,
  input: Omit<EditInput, "intent">,
) {
  requireRecorder(viewer);
  const before = await tx.legislation.findUnique({ where: { id }, select: summarySelect });
  if (!before) throw httpError(404, "common:errors.notFound");
  const next = {
    kind: input.kind,
    title: input.title,
    summary: input.summary ?? "",
    contentLanguage: input.contentLanguage,
    reference: input.reference || null,
    direction: input.direction,
  };
  const changed = (Object.keys(next) as Array<keyof typeof next>).filter((k) => before[k] !== next[k]);
  if (!changed.length) return { id, changed };
  await tx.legislation.update({ where: { id }, data: next });
  // Field names, and the enum values that changed (the text itself is in the record).
  await auditLegislation(tx, actor, "edited", id, {
    changed,
    ...(changed.includes("direction") ? { direction: [before.direction, next.direction] } : {}),
    ...(changed.includes("kind") ? { kind: [before.kind, next.kind] } : {}),
  });
  return { id, changed };
}

/**
 * Moves a text to its next stage (the table refuses a move it does not allow: 409, nothing changes),
 * keeps the dated step in the history, audits it and queues the followers' alert, in one transaction.
 */
export async function changeStage(
  tx: Tx,
  viewer: Viewer,
  actor: Actor,
  id: string,
  input: Omit<StageInput, "intent">,
) {
  requireRecorder(viewer);
  const occurredOn = dateOf(input.occurredOn);
  const { from, to } = await legislationLifecycle.transition(tx, id, input.action as LegislationAction, {
    stageOn: occurredOn,
  });
  const change = await tx.legislationStageChange.create({
    data: {
      legislationId: id,
      fromStage: from,
      stage: to,
      occurredOn,
      note: input.note || null,
      recordedById: actor.userId,
    },
    select: { id: true },
  });
  await auditLegislation(tx, actor, "stage_changed", id, {
    action: input.action,
    from,
    to,
    occurredOn: input.occurredOn,
  });
  await alertFollowers(tx, change.id);
  return { from, to, stageChangeId: change.id };
}

/** Checks that what a link points at exists (whatever the secretariat may see: everything). */
async function targetExists(tx: Tx, kind: LegislationLinkKind, targetId: string): Promise<boolean> {
  switch (kind) {
    case "need":
      return !!(await tx.need.findUnique({ where: { id: targetId }, select: { id: true } }));
    case "call":
      return !!(await tx.coordinationCall.findUnique({ where: { id: targetId }, select: { id: true } }));
    case "engagement":
      return !!(await tx.engagement.findUnique({ where: { id: targetId }, select: { id: true } }));
    case "resource":
      return !!(await tx.resource.findUnique({ where: { id: targetId }, select: { id: true } }));
  }
}

export async function linkLegislation(
  tx: Tx,
  viewer: Viewer,
  actor: Actor,
  id: string,
  input: Omit<LinkInput, "intent">,
) {
  requireRecorder(viewer);
  const found = await tx.legislation.findUnique({ where: { id }, select: { id: true } });
  if (!found) throw httpError(404, "common:errors.notFound");
  if (!(await targetExists(tx, input.kind, input.targetId)))
    throw httpError(400, "legislation:errors.linkTarget");
  const existing = await tx.legislationLink.findUnique({
    where: {
      legislationId_kind_targetId: { legislationId: id, kind: input.kind, targetId: input.targetId },
    },
    select: { id: true },
  });
  if (existing) return existing;
  const link = await tx.legislationLink.create({
    data: { legislationId: id, kind: input.kind, targetId: input.targetId, createdById: actor.userId },
    select: { id: true },
  });
  await auditLegislation(tx, actor, "linked", id, { kind: input.kind, targetId: input.targetId });
  return link;
}

export async function unlinkLegislation(tx: Tx, viewer: Viewer, actor: Actor, id: string, linkId: string) {
  requireRecorder(viewer);
  const link = await tx.legislationLink.findFirst({
    where: { id: linkId, legislationId: id },
    select: { id: true, kind: true, targetId: true },
  });
  if (!link) throw httpError(404, "common:errors.notFound");
  await tx.legislationLink.delete({ where: { id: link.id } });
  await auditLegislation(tx, actor, "unlinked", id, { kind: link.kind, targetId: link.targetId });
}

// ───────────── following a country ─────────────

export async function isFollowing(userId: string, countryCode: string) {
  return !!(await db().countryFollow.findUnique({
    where: { userId_countryCode: { userId, countryCode } },
    select: { userId: true },
  }));
}

/** Follow or stop following a country's legislation (idempotent; audited when it changes something). */
export async function setFollowing(
  tx: Tx,
  viewer: Viewer,
  actor: Actor,
  countryCode: string,
  follow: boolean,
) {
  if (!mayFollowCountry(viewer)) throw httpError(403, "common:errors.forbidden");
  const country = await tx.country.findUnique({ where: { code: countryCode }, select: { code: true } });
  if (!country) throw httpError(404, "common:errors.notFound");
  const key = { userId_countryCode: { userId: actor.userId, countryCode } };
  const existing = await tx.countryFollow.findUnique({ where: key, select: { userId: true } });
  if (follow === !!existing) return { changed: false };
  if (follow) await tx.countryFollow.create({ data: { userId: actor.userId, countryCode } });
  else await tx.countryFollow.delete({ where: key });
  await audit(tx, {
    actorId: actor.userId,
    action: follow ? "country.followed" : "country.unfollowed",
    entityType: "country",
    entityId: countryCode,
    ip: actor.ip ?? null,
  });
  return { changed: true };
}

// ───────────── figures for the insight dashboard ─────────────

/** Tracked texts by direction and stage (optionally one region's countries). */
export async function legislationByDirection(region?: string) {
  const rows = await db().legislation.groupBy({
    by: ["direction", "stage"],
    where: region ? { country: { region: region as never } } : {},
    _count: { _all: true },
  });
  return rows.map((r) => ({
    direction: r.direction as SpaceDirection,
    stage: r.stage as LegislationStage,
    count: r._count._all,
  }));
}
