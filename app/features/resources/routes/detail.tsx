// /resources/:id: a resource as the reader may see it (404 for someone who may not know it exists): its
// text, category, topics, countries and languages, its documents, where it helped (links from needs,
// engagements and calls the reader may see), the exchanges it invites members to (calls the reader is
// invited to), and for its publisher the lifecycle actions: publish, archive, restore, edit.
import { Form, Link, redirect } from "react-router";
import { DoneNotice } from "~/components/action-ui";
import { VettingBadge } from "~/components/vetting-badge";
import { getViewer, requireUser } from "~/features/auth/index.server";
import { isSecretariat, mayDeleteDocument, resourceDocumentAccess } from "~/features/auth/policy";
import { visibleCallsWhere } from "~/features/coordination/policy";
import { DocumentsPanel } from "~/features/documents";
import { documentsPanel } from "~/features/documents/index.server";
import { loadTaxonomy } from "~/features/taxonomy/reference.server";
import type { Locale } from "~/i18n/config";
import { countryName, formatDate, formatDateTime, languageName } from "~/i18n/format";
import { getLocale } from "~/i18n/i18n.server";
import { useTranslation } from "~/i18n/use-translation";
import { useReaderZone } from "~/root";
import { db } from "~/utils/db.server";
import { readForm } from "~/utils/forms.server";
import { httpError } from "~/utils/http.server";
import { clientIp } from "~/utils/request.server";
import { linksOfResource } from "../services/links.server";
import { resourceFor, resourceTransitions, transitionResource } from "../services/resources.server";
import type { Route } from "./+types/detail";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const ctx = await getViewer(request);
  const viewer = ctx?.viewer ?? null;
  const { resource, access } = await resourceFor(viewer, params.id);
  const locale = getLocale(request, ctx?.user.locale);
  const rights = resourceDocumentAccess(viewer, {
    ...resource,
    vettingLevel: resource.organisation.vettingLevel,
  });
  const [taxonomy, documents, links, exchanges] = await Promise.all([
    loadTaxonomy(locale),
    documentsPanel(new URL(request.url), {
      scope: `resource:${resource.id}`,
      viewerId: ctx?.user.id ?? "",
      mayDelete: (d) => rights.add && mayDeleteDocument(viewer, d, resource.organisationId),
    }),
    linksOfResource(viewer, resource.id),
    viewer
      ? db().coordinationCall.findMany({
          where: { AND: [visibleCallsWhere(viewer), { resourceId: resource.id }] },
          select: { id: true, title: true, countryCode: true, startsAt: true, status: true },
          orderBy: { startsAt: "desc" },
          take: 20,
        })
      : Promise.resolve([]),
  ]);
  const topics = taxonomy.flatMap((c) => c.topics);
  const manage = access === "manage";
  return {
    locale,
    resource: {
      id: resource.id,
      kind: resource.kind,
      title: resource.title,
      summary: resource.summary,
      body: resource.body,
      contentLanguage: resource.contentLanguage,
      visibility: resource.visibility,
      status: resource.status,
      publishedAt: resource.publishedAt,
      updatedAt: resource.updatedAt,
      publisher: resource.organisation.name,
      publisherVetting: resource.organisation.vettingLevel,
    },
    categoryLabels: resource.categoryIds.map((id) => taxonomy.find((c) => c.id === id)?.label ?? id),
    topicLabels: resource.topicIds.map((id) => topics.find((tp) => tp.id === id)?.label ?? id),
    countryLabels: resource.countryCodes.map((c) => countryName(c, locale)),
    languageLabels: resource.languages.map((l) => languageName(l, locale)),
    documents,
    links,
    exchanges: exchanges.map((c) => ({ ...c, countryName: countryName(c.countryCode, locale) })),
    can: {
      edit: manage && resource.status !== "archived",
      addDocuments: rights.add,
      publish: manage && resourceTransitions.publish.includes(resource.status),
      archive: manage && resourceTransitions.archive.includes(resource.status),
      restore: manage && resourceTransitions.restore.includes(resource.status),
      // The secretariat organises calls: it invites members to an exchange about a published resource.
      exchange: isSecretariat(viewer) && resource.status === "published",
    },
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const ctx = await requireUser(request);
  const intent = String((await readForm(request)).get("intent") ?? "");
  if (intent !== "publish" && intent !== "archive" && intent !== "restore")
    throw httpError(400, "common:errors.badRequest");
  const { resource, access } = await resourceFor(ctx.viewer, params.id);
  if (access !== "manage") throw httpError(403, "common:errors.forbidden");
  await db().$transaction((tx) =>
    transitionResource(
      tx,
      { userId: ctx.user.id, organisationId: resource.organisationId, ip: clientIp(context) },
      resource.id,
      intent,
    ),
  );
  const done = { publish: "published", archive: "archived", restore: "restored" }[intent];
  return redirect(`/resources/${resource.id}?done=${done}`);
}

export default function ResourceDetail({ loaderData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const zone = useReaderZone();
  const { resource, locale, can } = loaderData;
  const lifecycle = (["publish", "archive", "restore"] as const).filter((a) => can[a]);
  return (
    <article className="space-y-6" aria-labelledby="resource-title">
      <DoneNotice ns="resources" />
      <header className="space-y-2">
        <p className="text-sm">
          <Link to="/resources">{t("resources:nav.library")}</Link>
        </p>
        <h1 id="resource-title" lang={resource.contentLanguage}>
          {resource.title}
        </h1>
        <p className="text-[var(--color-muted)]">
          {t(`resources:kind.${resource.kind}`)} · {resource.publisher}
        </p>
        <p className="flex flex-wrap gap-2">
          <span className="badge">{t(`resources:visibility.${resource.visibility}`)}</span>
          {resource.status !== "published" ? (
            <span className="badge">{t(`resources:status.${resource.status}`)}</span>
          ) : null}
          <VettingBadge level={resource.publisherVetting} />
        </p>
      </header>
      <p lang={resource.contentLanguage} className="text-lg whitespace-pre-line">
        {resource.summary}
      </p>
      {resource.body ? (
        <div lang={resource.contentLanguage} className="whitespace-pre-line">
          {resource.body}
        </div>
      ) : null}
      <section aria-labelledby="about-title">
        <h2 id="about-title">{t("resources:detail.about")}</h2>
        <dl className="mt-2 grid gap-x-6 gap-y-2 sm:grid-cols-[auto_1fr]">
          <dt className="font-semibold">{t("resources:fields.categories")}</dt>
          <dd>{loaderData.categoryLabels.join(", ") || "—"}</dd>
          <dt className="font-semibold">{t("resources:fields.topics")}</dt>
          <dd>{loaderData.topicLabels.join(" · ") || "—"}</dd>
          <dt className="font-semibold">{t("resources:fields.countries")}</dt>
          <dd>{loaderData.countryLabels.join(", ") || t("resources:detail.anyCountry")}</dd>
          <dt className="font-semibold">{t("resources:fields.languages")}</dt>
          <dd>{loaderData.languageLabels.join(", ")}</dd>
          {resource.publishedAt ? (
            <>
              <dt className="font-semibold">{t("resources:detail.publishedAt")}</dt>
              <dd>{formatDate(resource.publishedAt, locale, "long", zone)}</dd>
            </>
          ) : null}
        </dl>
      </section>
      {loaderData.documents.documents.length || can.addDocuments ? (
        <>
          <DocumentsPanel
            view={loaderData.documents}
            error={null}
            canAdd={false}
            basePath={`/resources/${resource.id}/documents`}
            downloadBase={`/resources/${resource.id}/documents`}
            locale={i18n.language as Locale}
            zone={zone}
            title={t("documents:panel.title")}
          />
          {can.addDocuments ? (
            <p>
              <Link to={`/resources/${resource.id}/documents`}>{t("resources:detail.manageDocuments")}</Link>
            </p>
          ) : null}
        </>
      ) : null}
      <section aria-labelledby="helped-title" className="space-y-2">
        <h2 id="helped-title">{t("resources:detail.helped")}</h2>
        {loaderData.links.length ? (
          <ul className="space-y-1">
            {loaderData.links.map((l) => (
              <li key={l.id}>
                <span className="badge">{t(`resources:links.target.${l.targetType}`)}</span>{" "}
                <Link to={l.href} lang={l.lang ?? undefined}>
                  {l.label}
                </Link>
                {l.note ? <span> — {l.note}</span> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("resources:detail.helpedNone")}</p>
        )}
      </section>
      {loaderData.exchanges.length || can.exchange ? (
        <section aria-labelledby="exchanges-title" className="space-y-2">
          <h2 id="exchanges-title">{t("resources:detail.exchanges")}</h2>
          {loaderData.exchanges.length ? (
            <ul className="space-y-1">
              {loaderData.exchanges.map((c) => (
                <li key={c.id}>
                  <Link to={`/calls/${c.id}`}>{c.title || c.countryName}</Link> ·{" "}
                  {formatDateTime(c.startsAt, locale, zone)}
                </li>
              ))}
            </ul>
          ) : null}
          {can.exchange ? (
            <p>
              <Link to={`/secretariat/calls/new?resource=${resource.id}`} className="btn btn-secondary">
                {t("resources:detail.inviteExchange")}
              </Link>
            </p>
          ) : null}
        </section>
      ) : null}
      {can.edit || lifecycle.length ? (
        <section aria-labelledby="actions-title" className="space-y-3">
          <h2 id="actions-title">{t("resources:detail.actions")}</h2>
          <div className="flex flex-wrap items-start gap-3">
            {can.edit ? (
              <Link to={`/resources/${resource.id}/edit`} className="btn btn-secondary">
                {t("resources:detail.edit")}
              </Link>
            ) : null}
            {lifecycle.map((a) => (
              <Form method="post" key={a}>
                <button type="submit" name="intent" value={a} className="btn btn-secondary">
                  {t(`resources:detail.${a}`)}
                </button>
              </Form>
            ))}
          </div>
        </section>
      ) : null}
    </article>
  );
}
