// The resources linked from a need, an engagement or a call, and (for those who may) a form to link one
// ("this model law helped in Kenya"). Plain forms posting to /resources/links, which come back here.
import { Form, Link, useLocation } from "react-router";
import { useTranslation } from "~/i18n/use-translation";

export type ResourceLinksView = {
  target: { type: "need" | "engagement" | "call"; id: string };
  linked: Array<{
    linkId: string;
    resourceId: string;
    title: string;
    kind: string;
    contentLanguage: string;
    note: string;
    mayRemove: boolean;
  }>;
  /** Resources the reader may link (empty when they may not link). */
  linkable: Array<{ id: string; title: string; contentLanguage: string }>;
  canLink: boolean;
};

export function ResourceLinksPanel({ view }: { view: ResourceLinksView }) {
  const { t } = useTranslation();
  const location = useLocation();
  const here = `${location.pathname}${location.search.replace(/([?&])done=[a-z_]+&?/, "$1").replace(/[?&]$/, "")}`;
  if (!view.linked.length && !view.canLink) return null;
  return (
    <section id="resource-links" aria-labelledby="resource-links-title" className="card space-y-3">
      <h2 id="resource-links-title">{t("resources:links.title")}</h2>
      {view.linked.length ? (
        <ul className="space-y-2">
          {view.linked.map((l) => (
            <li key={l.linkId} className="flex flex-wrap items-baseline gap-2">
              <Link to={`/resources/${l.resourceId}`} lang={l.contentLanguage}>
                {l.title}
              </Link>
              <span className="badge">{t(`resources:kind.${l.kind}`)}</span>
              {l.note ? <span className="text-sm">— {l.note}</span> : null}
              {l.mayRemove ? (
                <Form method="post" action="/resources/links" className="inline">
                  <input type="hidden" name="intent" value="unlink-resource" />
                  <input type="hidden" name="linkId" value={l.linkId} />
                  <input type="hidden" name="redirectTo" value={here} />
                  <button type="submit" className="btn-link text-sm">
                    {t("resources:links.remove", { title: l.title })}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("resources:links.none")}</p>
      )}
      {view.canLink && view.linkable.length ? (
        <Form method="post" action="/resources/links" className="space-y-2">
          <input type="hidden" name="intent" value="link-resource" />
          <input type="hidden" name="targetType" value={view.target.type} />
          <input type="hidden" name="targetId" value={view.target.id} />
          <input type="hidden" name="redirectTo" value={here} />
          <div className="space-y-1">
            <label htmlFor="link-resource-id" className="block">
              {t("resources:links.resource")}
            </label>
            <select id="link-resource-id" name="resourceId" required defaultValue="">
              <option value="" disabled>
                {t("resources:links.choose")}
              </option>
              {view.linkable.map((r) => (
                <option key={r.id} value={r.id} lang={r.contentLanguage}>
                  {r.title}
                </option>
              ))}
            </select>
          </div>
          <div className="space-y-1">
            <label htmlFor="link-resource-note" className="block">
              {t("resources:links.note")}
            </label>
            <p id="link-resource-note-hint" className="text-sm text-[var(--color-muted)]">
              {t("resources:links.noteHint")}
            </p>
            <input
              id="link-resource-note"
              name="note"
              maxLength={300}
              aria-describedby="link-resource-note-hint"
            />
          </div>
          <button type="submit" className="btn btn-secondary">
            {t("resources:links.submit")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
