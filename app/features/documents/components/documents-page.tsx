// A page of its own for one thing's documents (an engagement's, a resource's): back to the thing, its
// title, and the documents panel posting to this page.
import type { ComponentProps } from "react";
import { Link } from "react-router";
import { DoneNotice } from "~/components/action-ui";
import type { Locale } from "~/i18n/config";
import { useTranslation } from "~/i18n/use-translation";
import { useReaderZone } from "~/root";
import { DocumentsPanel } from "./documents-panel";

type Panel = ComponentProps<typeof DocumentsPanel>;

export function DocumentsPage({
  kind,
  owner,
  backPath,
  backLabel,
  view,
  error,
  canAdd,
}: {
  /** Names the heading's id: `${kind}-documents-title`. */
  kind: "engagement" | "resource";
  owner: { title: string; lang: string };
  backPath: string;
  backLabel: string;
  view: Panel["view"];
  error: Panel["error"];
  canAdd: boolean;
}) {
  const { t, i18n } = useTranslation();
  const zone = useReaderZone();
  const path = `${backPath}/documents`;
  return (
    <article className="space-y-4" aria-labelledby={`${kind}-documents-title`}>
      <p className="text-sm">
        <Link to={backPath}>{backLabel}</Link>
      </p>
      <h1 id={`${kind}-documents-title`} lang={owner.lang}>
        {owner.title}
      </h1>
      <DoneNotice ns="documents" />
      <DocumentsPanel
        view={view}
        error={error}
        canAdd={canAdd}
        basePath={path}
        downloadBase={path}
        locale={i18n.language as Locale}
        zone={zone}
        title={t("documents:panel.title")}
      />
    </article>
  );
}
