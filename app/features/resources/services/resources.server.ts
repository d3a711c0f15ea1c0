// Resources of the learning exchange: reading one as the viewer may (policy.ts resourceAccess), creating,
// editing, publishing and archiving. Every change is one transaction with its audit event and the search
// index job (the worker re-reads the row and indexes only what its readers may see).
import { parseWithZod } from "@conform-to/zod/v4";
import { resourceAccess, type Viewer } from "~/features/auth/policy";
import { queueSearchIndex } from "~/features/search/index.server";
import { loadCountries, loadTaxonomy } from "~/features/taxonomy/reference.server";
import type { ResourceKind, ResourceStatus, ResourceVisibility } from "~/generated/prisma/enums";
import { audit } from "~/utils/audit.server";
import { db, type Tx } from "~/utils/db.server";
import { httpError } from "~/utils/http.server";
import { resourceFormSchema } from "../schemas";

export type Actor = { userId: string; organisationId: string; ip: string | null };

const resourceSelect = {
  id: true,
  organisationId: true,
  kind: true,
  title: true,
  summary: true,
  body: true,
  contentLanguage: true,
  languages: true,
  categoryIds: true,
  topicIds: true,
  countryCodes: true,
  visibility: true,
  status: true,
  publishedAt: true,
  createdAt: true,
  updatedAt: true,
  organisation: { select: { name: true, kind: true, vettingLevel: true } },
} as const;

/** The resource and the viewer's access to it; 404 for someone who may not know it exists. */
export async function resourceFor(viewer: Viewer, id: string) {
  const resource = /^[A-Za-z0-9_-]{1,64}$/.test(id)
    ? await db().resource.findUnique({ where: { id }, select: resourceSelect })
    : null;
  if (!resource) throw httpError(404, "common:errors.notFound");
  const access = resourceAccess(viewer, {
    ...resource,
    vettingLevel: resource.organisation.vettingLevel,
  });
  if (access === "none") throw httpError(404, "common:errors.notFound");
  return { resource, access };
}

export type ResourceInput = {
  kind: ResourceKind;
  title: string;
  summary: string;
  body: string;
  contentLanguage: string;
  languages: string[];
  topicIds: string[];
  categoryIds: string[];
  countryCodes: string[];
  visibility: ResourceVisibility;
};

/** The form, parsed with the shared schema, then checked against the taxonomy and the countries. */
export async function parseResourceForm(formData: FormData) {
  const submission = parseWithZod(formData, { schema: resourceFormSchema });
  if (submission.status !== "success") return { ok: false as const, reply: submission.reply() };
  const v = submission.value;
  const [taxonomy, countries] = await Promise.all([loadTaxonomy("en"), loadCountries()]);
  const fieldErrors: Record<string, string[]> = {};
  const categoryOf = new Map(taxonomy.flatMap((c) => c.topics.map((tp) => [tp.id, c.id] as const)));
  if (v.topicIds.some((id) => !categoryOf.has(id))) fieldErrors.topicIds = ["resources:errors.unknownTopic"];
  const known = new Set(countries.map((c) => c.code));
  if (v.countryCodes.some((c) => !known.has(c)))
    fieldErrors.countryCodes = ["resources:errors.unknownCountry"];
  if (Object.keys(fieldErrors).length)
    return { ok: false as const, reply: submission.reply({ fieldErrors }) };
  const topicIds = [...new Set(v.topicIds)];
  const input: ResourceInput = {
    kind: v.kind,
    title: v.title,
    summary: v.summary,
    body: v.body,
    contentLanguage: v.contentLanguage,
    languages: [...new Set(v.languages)],
    topicIds,
    categoryIds: [...new Set(topicIds.map((id) => categoryOf.get(id)!))],
    countryCodes: [...new Set(v.countryCodes)],
    visibility: v.visibility,
  };
  return { ok: true as const, intent: v.intent, input };
}

export async function createResource(tx: Tx, actor: Actor, input: ResourceInput, publish: boolean) {
  const resource = await tx.resource.create({
    data: {
      ...input,
      organisationId: actor.organisationId,
      createdById: actor.userId,
      status: publish ? "published" : "draft",
      publishedAt: publish ? new Date() : null,
    },
    select: { id: true, status: true },
  });
  await changed(tx, actor, resource.id, publish ? "resource.published" : "resource.created", {
    visibility: input.visibility,
    kind: input.kind,
  });
  return resource;
}

export async function updateResource(tx: Tx, actor: Actor, id: string, input: ResourceInput) {
  const updated = await tx.resource.updateMany({
    where: { id, organisationId: actor.organisationId, status: { not: "archived" } },
    data: input,
  });
  if (updated.count === 0) throw httpError(409, "resources:errors.notEditable");
  await changed(tx, actor, id, "resource.updated", { visibility: input.visibility, kind: input.kind });
}

/** Which lifecycle actions a status allows (the publisher's buttons, checked again on the server). */
export const resourceTransitions: Record<"publish" | "archive" | "restore", ResourceStatus[]> = {
  publish: ["draft"],
  archive: ["draft", "published"],
  restore: ["archived"],
};

export async function transitionResource(
  tx: Tx,
  actor: Actor,
  id: string,
  action: keyof typeof resourceTransitions,
) {
  const now = new Date();
  const to: ResourceStatus = action === "archive" ? "archived" : "published";
  const updated = await tx.resource.updateMany({
    where: { id, organisationId: actor.organisationId, status: { in: resourceTransitions[action] } },
    data:
      action === "archive"
        ? { status: to }
        : { status: to, publishedAt: action === "publish" ? now : undefined },
  });
  if (updated.count === 0) throw httpError(409, "resources:errors.transition");
  await changed(
    tx,
    actor,
    id,
    `resource.${action === "archive" ? "archived" : action === "publish" ? "published" : "restored"}`,
  );
}

async function changed(
  tx: Tx,
  actor: Actor,
  id: string,
  action: string,
  metadata: Record<string, string> = {},
) {
  await queueSearchIndex(tx, "resource", id);
  await audit(tx, {
    actorId: actor.userId,
    organisationId: actor.organisationId,
    ip: actor.ip,
    action,
    entityType: "Resource",
    entityId: id,
    metadata,
  });
}
