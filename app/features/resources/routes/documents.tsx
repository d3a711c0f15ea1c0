// /resources/:id/documents — a resource's documents (the documents feature's rules: type by content,
// metadata removed with mat2, encrypted at rest). Whoever may see the resource reads them; its publishing
// organisation adds and deletes them (policy.ts resourceDocumentAccess).
import { getViewer, requireUser } from "~/features/auth/index.server";
import { mayDeleteDocument, resourceDocumentAccess } from "~/features/auth/policy";
import { DocumentsPage } from "~/features/documents";
import { documentsAction, documentsPanel } from "~/features/documents/index.server";
import { useTranslation } from "~/i18n/use-translation";
import { httpError } from "~/utils/http.server";
import { clientIp } from "~/utils/request.server";
import { resourceFor } from "../services/resources.server";
import type { Route } from "./+types/documents";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const ctx = await getViewer(request);
  const viewer = ctx?.viewer ?? null;
  const { resource } = await resourceFor(viewer, params.id);
  const rights = resourceDocumentAccess(viewer, {
    ...resource,
    vettingLevel: resource.organisation.vettingLevel,
  });
  const view = await documentsPanel(new URL(request.url), {
    scope: `resource:${resource.id}`,
    viewerId: ctx?.user.id ?? "",
    mayDelete: (d) => rights.add && mayDeleteDocument(viewer, d, resource.organisationId),
  });
  return {
    resource: { id: resource.id, title: resource.title, lang: resource.contentLanguage },
    view,
    canAdd: rights.add,
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  // Authorised before the body is read (documents README).
  const ctx = await requireUser(request);
  const { resource } = await resourceFor(ctx.viewer, params.id);
  const rights = resourceDocumentAccess(ctx.viewer, {
    ...resource,
    vettingLevel: resource.organisation.vettingLevel,
  });
  if (!rights.add) throw httpError(403, "common:errors.forbidden");
  return documentsAction(request, {
    scope: `resource:${resource.id}`,
    actor: { userId: ctx.user.id, organisationId: resource.organisationId, ip: clientIp(context) },
    pagePath: `/resources/${resource.id}/documents`,
    canAdd: rights.add,
    mayDelete: (d) => mayDeleteDocument(ctx.viewer, d, resource.organisationId),
  });
}

export default function ResourceDocuments({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { resource } = loaderData;
  return (
    <DocumentsPage
      kind="resource"
      owner={resource}
      backPath={`/resources/${resource.id}`}
      backLabel={t("resources:documents.back")}
      view={loaderData.view}
      error={actionData?.documentsError ?? null}
      canAdd={loaderData.canAdd}
    />
  );
}
