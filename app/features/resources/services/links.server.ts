// "This model law helped in Kenya": resources linked from needs, engagements and calls. A link is made by
// someone working on the need (details level: the coalition, the secretariat, the accepted expert), a side
// of the engagement, or an invitee of the call, to a published resource they may see. It is shown only to
// those who may see both ends: on the need, engagement or call page the resources the reader may see; on
// the resource page the needs, engagements and calls the reader may see.
import {
  engagementDocumentAccess,
  isSecretariat,
  needAccess,
  resourceAccess,
  visibleResourcesWhere,
  type Viewer,
} from "~/features/auth/policy";
import { callAccess } from "~/features/coordination/policy";
import { expertRelations } from "~/features/needs/index.server";
import type { ResourceLinkTarget } from "~/generated/prisma/enums";
import { audit } from "~/utils/audit.server";
import { db, type Tx } from "~/utils/db.server";
import { httpError } from "~/utils/http.server";
import { LINKABLE_RESOURCES } from "../constants";

export type LinkTarget = { type: ResourceLinkTarget; id: string };

type TargetView = { see: boolean; link: boolean; label: string; lang: string | null; href: string };
const targetKey = (t: LinkTarget) => `${t.type}:${t.id}`;

/**
 * Whether the viewer may see each target (`see`) and link resources to it (`link`), keyed by
 * `type:id`; unknown targets are left out. One query per target type, whatever the number of targets
 * (a resource page lists up to 50 links), each answered by the policy as for a single target.
 */
async function targetsAccess(
  viewer: Viewer,
  targets: readonly LinkTarget[],
): Promise<Map<string, TargetView>> {
  const out = new Map<string, TargetView>();
  if (!viewer || !targets.length) return out;
  const idsOf = (type: ResourceLinkTarget) => [
    ...new Set(targets.filter((t) => t.type === type).map((t) => t.id)),
  ];
  const needIds = idsOf("need");
  const engagementIds = idsOf("engagement");
  const callIds = idsOf("call");
  const [needs, relations, engagements, calls] = await Promise.all([
    needIds.length
      ? db().need.findMany({
          where: { id: { in: needIds } },
          select: {
            id: true,
            title: true,
            contentLanguage: true,
            organisationId: true,
            status: true,
            visibility: true,
            anonymised: true,
          },
        })
      : [],
    expertRelations(viewer, needIds),
    engagementIds.length
      ? db().engagement.findMany({
          where: { id: { in: engagementIds } },
          select: {
            id: true,
            status: true,
            expertOrganisationId: true,
            coalitionOrganisationId: true,
            need: { select: { title: true, contentLanguage: true } },
          },
        })
      : [],
    callIds.length
      ? db().coordinationCall.findMany({
          where: { id: { in: callIds } },
          select: {
            id: true,
            title: true,
            countryCode: true,
            invitees: { select: { organisationId: true } },
          },
        })
      : [],
  ]);
  for (const need of needs) {
    const access = needAccess(viewer, need, relations.get(need.id));
    out.set(targetKey({ type: "need", id: need.id }), {
      see: access.level !== "none",
      link: access.level === "full",
      label: need.title,
      lang: need.contentLanguage,
      href: `/needs/${need.id}`,
    });
  }
  for (const engagement of engagements) {
    const party = engagementDocumentAccess(viewer, engagement).read;
    out.set(targetKey({ type: "engagement", id: engagement.id }), {
      see: party,
      link: party,
      label: engagement.need.title,
      lang: engagement.need.contentLanguage,
      href: `/engagements/${engagement.id}`,
    });
  }
  for (const call of calls) {
    const access = callAccess(
      viewer,
      call.invitees.map((i) => i.organisationId),
    );
    out.set(targetKey({ type: "call", id: call.id }), {
      see: access !== "none",
      link: access !== "none",
      label: call.title || call.countryCode,
      lang: null,
      href: `/calls/${call.id}`,
    });
  }
  return out;
}

/** Whether the viewer may see the target (`see`) and link resources to it (`link`); null when unknown. */
async function targetAccess(viewer: Viewer, target: LinkTarget): Promise<TargetView | null> {
  return (await targetsAccess(viewer, [target])).get(targetKey(target)) ?? null;
}

/** Whether the viewer may link resources to this target (the page shows the form when true). */
export async function mayLinkResources(viewer: Viewer, target: LinkTarget) {
  return !!(await targetAccess(viewer, target))?.link;
}

/** Published resources the viewer may see, for the "link a resource" picker (newest first). */
export async function linkableResources(viewer: Viewer) {
  return db().resource.findMany({
    where: { AND: [visibleResourcesWhere(viewer), { status: "published" }] },
    select: { id: true, title: true, contentLanguage: true },
    orderBy: [{ publishedAt: "desc" }, { id: "desc" }],
    take: LINKABLE_RESOURCES,
  });
}

export async function linkResource(
  tx: Tx,
  viewer: NonNullable<Viewer>,
  input: { target: LinkTarget; resourceId: string; note: string },
  ip: string | null,
) {
  const target = await targetAccess(viewer, input.target);
  if (!target?.see) throw httpError(404, "common:errors.notFound");
  if (!target.link) throw httpError(403, "common:errors.forbidden");
  const resource = await tx.resource.findUnique({
    where: { id: input.resourceId },
    select: {
      id: true,
      organisationId: true,
      status: true,
      visibility: true,
      organisation: { select: { vettingLevel: true } },
    },
  });
  if (
    !resource ||
    resource.status !== "published" ||
    resourceAccess(viewer, { ...resource, vettingLevel: resource.organisation.vettingLevel }) === "none"
  )
    throw httpError(400, "resources:errors.unknownResource");
  const link = await tx.resourceLink.upsert({
    where: {
      resourceId_targetType_targetId: {
        resourceId: resource.id,
        targetType: input.target.type,
        targetId: input.target.id,
      },
    },
    create: {
      resourceId: resource.id,
      targetType: input.target.type,
      targetId: input.target.id,
      note: input.note,
      createdById: viewer.userId,
    },
    update: { note: input.note },
    select: { id: true },
  });
  await audit(tx, {
    actorId: viewer.userId,
    ip,
    action: "resource.linked",
    entityType: "Resource",
    entityId: resource.id,
    metadata: { targetType: input.target.type, targetId: input.target.id },
  });
  return link;
}

/** Removes a link: whoever made it, or the secretariat. */
export async function unlinkResource(tx: Tx, viewer: NonNullable<Viewer>, linkId: string, ip: string | null) {
  const link = await tx.resourceLink.findUnique({ where: { id: linkId } });
  if (!link) throw httpError(404, "common:errors.notFound");
  if (link.createdById !== viewer.userId && !isSecretariat(viewer))
    throw httpError(403, "common:errors.forbidden");
  await tx.resourceLink.delete({ where: { id: link.id } });
  await audit(tx, {
    actorId: viewer.userId,
    ip,
    action: "resource.unlinked",
    entityType: "Resource",
    entityId: link.resourceId,
    metadata: { targetType: link.targetType, targetId: link.targetId },
  });
  return link;
}

export type LinkedResource = {
  linkId: string;
  resourceId: string;
  title: string;
  kind: string;
  contentLanguage: string;
  note: string;
  mayRemove: boolean;
};

/** The resources linked to a need, engagement or call that this reader may see (the page authorised the target). */
export async function resourcesLinkedTo(viewer: Viewer, target: LinkTarget): Promise<LinkedResource[]> {
  const links = await db().resourceLink.findMany({
    where: { targetType: target.type, targetId: target.id },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      note: true,
      createdById: true,
      resource: {
        select: {
          id: true,
          title: true,
          kind: true,
          contentLanguage: true,
          organisationId: true,
          status: true,
          visibility: true,
          organisation: { select: { vettingLevel: true } },
        },
      },
    },
  });
  return links
    .filter(
      (l) =>
        resourceAccess(viewer, { ...l.resource, vettingLevel: l.resource.organisation.vettingLevel }) !==
        "none",
    )
    .map((l) => ({
      linkId: l.id,
      resourceId: l.resource.id,
      title: l.resource.title,
      kind: l.resource.kind,
      contentLanguage: l.resource.contentLanguage,
      note: l.note,
      mayRemove: !!viewer && (l.createdById === viewer.userId || isSecretariat(viewer)),
    }));
}

export type ResourceLinkView = {
  id: string;
  targetType: ResourceLinkTarget;
  label: string;
  lang: string | null;
  href: string;
  note: string;
  mayRemove: boolean;
};

/** Where a resource is linked from, as far as this reader may see those needs, engagements and calls. */
export async function linksOfResource(viewer: Viewer, resourceId: string): Promise<ResourceLinkView[]> {
  if (!viewer) return [];
  const links = await db().resourceLink.findMany({
    where: { resourceId },
    orderBy: { createdAt: "desc" },
    take: 50,
  });
  const access = await targetsAccess(
    viewer,
    links.map((l) => ({ type: l.targetType, id: l.targetId })),
  );
  const out: ResourceLinkView[] = [];
  for (const link of links) {
    const target = access.get(targetKey({ type: link.targetType, id: link.targetId }));
    if (!target?.see) continue;
    out.push({
      id: link.id,
      targetType: link.targetType,
      label: target.label,
      lang: target.lang,
      href: target.href,
      note: link.note,
      mayRemove: link.createdById === viewer.userId || isSecretariat(viewer),
    });
  }
  return out;
}
