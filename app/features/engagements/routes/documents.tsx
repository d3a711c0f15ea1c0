// /engagements/:id/documents — documents exchanged inside an engagement: both sides and the secretariat
// see them and add them while it is active (policy.ts engagementDocumentAccess).
import { mayDeleteDocument } from "~/features/auth/policy";
import { clientIp } from "~/utils/request.server";
import { requireUser } from "~/features/auth/index.server";
import { DocumentsPage } from "~/features/documents";
import { documentsAction, documentsPanel } from "~/features/documents/index.server";
import { useTranslation } from "~/i18n/use-translation";
import { db } from "~/utils/db.server";
import { engagementWithAccess } from "../services/engagement-access.server";
import type { Route } from "./+types/documents";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const ctx = await requireUser(request);
  const { engagement, rights } = await engagementWithAccess(ctx.viewer, params.id);
  const view = await documentsPanel(new URL(request.url), {
    scope: `engagement:${engagement.id}`,
    viewerId: ctx.user.id,
    mayDelete: (d) => mayDeleteDocument(ctx.viewer, d),
  });
  return {
    engagement: { id: engagement.id, title: engagement.need.title, lang: engagement.need.contentLanguage },
    view,
    canAdd: rights.add,
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const ctx = await requireUser(request);
  const { engagement, rights, organisationId } = await engagementWithAccess(ctx.viewer, params.id);
  return documentsAction(request, {
    scope: `engagement:${engagement.id}`,
    actor: { userId: ctx.user.id, organisationId, ip: clientIp(context) },
    pagePath: `/engagements/${engagement.id}/documents`,
    canAdd: rights.add,
    mayDelete: (d) => mayDeleteDocument(ctx.viewer, d),
    // A document is activity: the engagement is no longer stalled.
    onStored: async () => {
      await db().engagement.updateMany({
        where: { id: engagement.id, status: "active" },
        data: { lastActivityAt: new Date(), stalledAt: null },
      });
    },
  });
}

export default function EngagementDocuments({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { engagement } = loaderData;
  return (
    <DocumentsPage
      kind="engagement"
      owner={engagement}
      backPath={`/engagements/${engagement.id}`}
      backLabel={t("documents:panel.backToEngagement")}
      view={loaderData.view}
      error={actionData?.documentsError ?? null}
      canAdd={loaderData.canAdd}
    />
  );
}
