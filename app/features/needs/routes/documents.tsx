// /needs/:id/documents — the need's confidential documents (draft laws, court papers, evidence). Seen
// exactly when the need's details are (policy.ts needDocumentAccess: the coalition, the secretariat, an
// expert after accepting); added by the coalition. A viewer who may see the need but not its details
// gets 403; one who may not know it exists, 404.
import { Link } from "react-router";
import { mayDeleteDocument, needDocumentAccess } from "~/features/auth/policy";
import { clientIp } from "~/utils/request.server";
import { requireUser } from "~/features/auth/index.server";
import { DocumentsPanel } from "~/features/documents";
import { documentsAction, documentsPanel } from "~/features/documents/index.server";
import { DoneNotice } from "~/components/action-ui";
import type { Locale } from "~/i18n/config";
import { useTranslation } from "~/i18n/use-translation";
import { useReaderZone } from "~/root";
import { httpError } from "~/utils/http.server";
import { actingOrganisation, needWithAccess } from "../services/need-access.server";
import type { Route } from "./+types/documents";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

async function load(request: Request, id: string) {
  const ctx = await requireUser(request);
  const { need, access } = await needWithAccess(ctx.viewer, id);
  const rights = needDocumentAccess(access);
  if (!rights.read) throw httpError(403, "common:errors.forbidden");
  return { ctx, need, access, rights };
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const { ctx, need, rights } = await load(request, params.id);
  const view = await documentsPanel(new URL(request.url), {
    scope: `need:${need.id}`,
    viewerId: ctx.user.id,
    mayDelete: (d) => mayDeleteDocument(ctx.viewer, d, need.organisationId),
  });
  return {
    need: { id: need.id, title: need.title, contentLanguage: need.contentLanguage },
    view,
    canAdd: rights.add,
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { ctx, need, rights } = await load(request, params.id);
  return documentsAction(request, {
    scope: `need:${need.id}`,
    actor: {
      userId: ctx.user.id,
      organisationId: actingOrganisation(ctx.viewer, [need.organisationId]),
      ip: clientIp(context),
    },
    pagePath: `/needs/${need.id}/documents`,
    canAdd: rights.add,
    mayDelete: (d) => mayDeleteDocument(ctx.viewer, d, need.organisationId),
  });
}

export default function NeedDocuments({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const zone = useReaderZone();
  const { need } = loaderData;
  return (
    <article className="space-y-4" aria-labelledby="need-documents-title">
      <p className="text-sm">
        <Link to={`/needs/${need.id}`}>{t("documents:panel.backToNeed")}</Link>
      </p>
      <h1 id="need-documents-title" lang={need.contentLanguage}>
        {need.title}
      </h1>
      <p className="text-sm">🔒 {t("documents:panel.needHint")}</p>
      <DoneNotice ns="documents" />
      <DocumentsPanel
        view={loaderData.view}
        error={actionData?.documentsError ?? null}
        canAdd={loaderData.canAdd}
        basePath={`/needs/${need.id}/documents`}
        downloadBase={`/needs/${need.id}/documents`}
        locale={i18n.language as Locale}
        zone={zone}
        title={t("documents:panel.title")}
      />
    </article>
  );
}
