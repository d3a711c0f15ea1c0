// The documents of one scope (a need, an engagement) as a page section: the list (documents that kept
// their metadata are marked), the uploader's report after an upload, the decision about a held upload,
// the evidence warning repeated before a download, and the upload form. Everything is a plain form
// (multipart POST, no JavaScript needed); with JavaScript the upload shows its progress (UploadForm).
import { Form, Link } from "react-router";
import { useTranslation } from "~/i18n/use-translation";
import type { Locale } from "~/i18n/config";
import { formatDateTime, formatNumber } from "~/i18n/format";
import type { PanelView, ReportView } from "../services/panel.server";
import { UploadForm } from "./upload-form";

const ACCEPT = ".pdf,.odt,.ods,.docx,.xlsx,.png,.jpg,.jpeg,.txt,.csv";

export function fileSize(bytes: number, locale: Locale) {
  if (bytes < 1024 * 1024) return `${formatNumber(Math.max(1, Math.round(bytes / 1024)), locale)} KB`;
  return `${formatNumber(bytes / (1024 * 1024), locale, { maximumFractionDigits: 1 })} MB`;
}

function Groups({ groups }: { groups: ReportView["removed"] }) {
  const { t } = useTranslation();
  return (
    <ul className="list-disc pl-6">
      {groups.map((g) => (
        <li key={g.category}>
          {t(`documents:metadata.categories.${g.category}`)}
          <details>
            <summary className="text-sm">{t("documents:panel.fields", { count: g.fields.length })}</summary>
            <ul className="text-sm">
              {g.fields.map((f, i) => (
                <li key={`${f.name}-${i}`}>
                  {f.name}: {f.value}
                </li>
              ))}
            </ul>
          </details>
        </li>
      ))}
    </ul>
  );
}

/** What the uploader is told after a successful upload. */
export function UploadReport({ report }: { report: ReportView }) {
  const { t } = useTranslation();
  const removedCount = report.removed.reduce((n, g) => n + g.fields.length, 0);
  return (
    <div role="status" className="card space-y-2 border-green-700" data-testid="upload-report">
      <p className="font-semibold">{t("documents:panel.uploaded", { name: report.filename })}</p>
      {report.metadataKept ? (
        <>
          <p>{t("documents:evidence.marker")}</p>
          {report.remaining.length ? <Groups groups={report.remaining} /> : null}
        </>
      ) : report.notes.includes("text-has-no-metadata") ? (
        <p>{t("documents:metadata.textHasNone")}</p>
      ) : removedCount ? (
        <>
          <p>{t("documents:metadata.removed", { count: removedCount })}</p>
          <Groups groups={report.removed} />
        </>
      ) : (
        <p>{t("documents:metadata.noneFound")}</p>
      )}
      {!report.metadataKept && report.remaining.length ? (
        <>
          <p>{t("documents:metadata.remaining")}</p>
          <Groups groups={report.remaining} />
        </>
      ) : null}
      {report.notes.includes("pdf-pages-as-images") ? (
        <p>{t("documents:metadata.pdfPagesAsImages")}</p>
      ) : null}
    </div>
  );
}

/** A held upload: what it reveals, the plain warning, and the uploader's three choices. */
export function HeldDecision({ held, action }: { held: PanelView["held"] & object; action?: string }) {
  const { t } = useTranslation();
  return (
    <section
      aria-labelledby="held-title"
      className="card space-y-3 border-amber-700"
      data-testid="held-upload"
    >
      <h3 id="held-title">{t("documents:panel.heldTitle", { name: held.filename })}</h3>
      {held.stripFailedKey ? (
        <p role="alert">
          {t(held.stripFailedKey)} {t("documents:stripFailed.choice")}
        </p>
      ) : null}
      {held.found === null ? (
        <p>{t("documents:evidence.unknownWarning")}</p>
      ) : held.found.length ? (
        <>
          <p>{t("documents:evidence.warning")}</p>
          <Groups groups={held.found} />
        </>
      ) : (
        <p>{t("documents:metadata.noneFound")}</p>
      )}
      <p className="text-sm">{t("documents:evidence.held")}</p>
      <div className="flex flex-wrap gap-3">
        <Form method="post" action={action}>
          <input type="hidden" name="documentId" value={held.documentId} />
          <button type="submit" name="intent" value="keep-evidence" className="btn btn-danger">
            {t("documents:evidence.confirm")}
          </button>
        </Form>
        {held.stripFailedKey ? null : (
          <Form method="post" action={action}>
            <input type="hidden" name="documentId" value={held.documentId} />
            <button type="submit" name="intent" value="remove-metadata" className="btn">
              {t("documents:evidence.removeInstead")}
            </button>
          </Form>
        )}
        <Form method="post" action={action}>
          <input type="hidden" name="documentId" value={held.documentId} />
          <button type="submit" name="intent" value="discard" className="btn btn-secondary">
            {t("documents:evidence.cancel")}
          </button>
        </Form>
      </div>
    </section>
  );
}

/** The choice "remove metadata / keep as evidence" inside an upload form. */
export function MetadataChoice({ idPrefix }: { idPrefix: string }) {
  const { t } = useTranslation();
  return (
    <fieldset className="space-y-1">
      <legend>{t("documents:choice.legend")}</legend>
      <div>
        <input type="radio" id={`${idPrefix}-remove`} name="metadata" value="remove" defaultChecked />{" "}
        <label htmlFor={`${idPrefix}-remove`}>{t("documents:choice.remove")}</label>
      </div>
      <div>
        <input
          type="radio"
          id={`${idPrefix}-keep`}
          name="metadata"
          value="keep"
          aria-describedby={`${idPrefix}-keep-hint`}
        />{" "}
        <label htmlFor={`${idPrefix}-keep`}>{t("documents:choice.keep")}</label>
        <p id={`${idPrefix}-keep-hint`} className="text-sm text-[var(--color-muted)]">
          {t("documents:choice.keepHint")}
        </p>
      </div>
    </fieldset>
  );
}

/** The marker of a document that kept its metadata, wherever it is listed. */
export function EvidenceMarker() {
  const { t } = useTranslation();
  return (
    <span className="badge border-amber-700" data-testid="evidence-marker">
      ⚠ {t("documents:evidence.marker")}
    </span>
  );
}

/** Before a download whose metadata would reveal something: what it reveals, and the choice. */
export function DownloadWarning({
  confirm,
  downloadBase,
  backTo,
}: {
  confirm: { id: string; filename: string; reveals: readonly string[] };
  downloadBase: string;
  backTo: string;
}) {
  const { t } = useTranslation();
  return (
    <div role="alert" className="card space-y-2 border-amber-700" data-testid="download-warning">
      <p>
        {t("documents:evidence.downloadWarning", {
          categories: confirm.reveals.map((c) => t(`documents:metadata.categories.${c}`)).join("; "),
        })}
      </p>
      <p className="flex flex-wrap gap-3">
        <a href={`${downloadBase}/${confirm.id}`} className="btn" download>
          {t("documents:panel.downloadAnyway", { name: confirm.filename })}
        </a>
        <Link to={backTo}>{t("documents:panel.back")}</Link>
      </p>
    </div>
  );
}

export function DocumentsPanel({
  view,
  error,
  canAdd,
  basePath,
  downloadBase,
  locale,
  zone,
  title,
}: {
  view: PanelView;
  error?: { messageKey: string; values: Record<string, string | number> } | null;
  canAdd: boolean;
  /** The page (its action receives the forms). */
  basePath: string;
  /** `${downloadBase}/${id}` downloads a document. */
  downloadBase: string;
  locale: Locale;
  zone: string;
  title: string;
}) {
  const { t } = useTranslation();
  return (
    <section id="documents" aria-labelledby="documents-title" className="space-y-3">
      <h2 id="documents-title">{title}</h2>
      {view.report ? <UploadReport report={view.report} /> : null}
      {view.held ? <HeldDecision held={view.held} /> : null}
      {view.confirmDownload ? (
        <DownloadWarning confirm={view.confirmDownload} downloadBase={downloadBase} backTo={basePath} />
      ) : null}
      {view.documents.length === 0 ? <p>{t("documents:panel.none")}</p> : null}
      <ul className="space-y-2">
        {view.documents.map((d) => (
          <li key={d.id} className="card flex flex-wrap items-center gap-2">
            {d.metadataKept ? (
              <Link to={`${basePath}?download=${d.id}#documents`}>{d.filename}</Link>
            ) : (
              <a href={`${downloadBase}/${d.id}`} download>
                {d.filename}
              </a>
            )}
            <span className="text-sm text-[var(--color-muted)]">
              {fileSize(d.size, locale)} · {formatDateTime(d.createdAt, locale, zone)}
            </span>
            {d.metadataKept ? <EvidenceMarker /> : null}
            {d.mayDelete ? (
              <Form method="post" className="ml-auto">
                <input type="hidden" name="documentId" value={d.id} />
                <button
                  type="submit"
                  name="intent"
                  value="delete"
                  className="btn btn-secondary"
                  aria-label={t("documents:panel.deleteNamed", { name: d.filename })}
                >
                  {t("documents:panel.delete")}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {canAdd ? (
        <UploadForm action={basePath} error={error ?? null} idPrefix="doc">
          <div>
            <label htmlFor="doc-file" className="block font-semibold">
              {t("documents:panel.file")}
            </label>
            <p id="doc-file-hint" className="text-sm text-[var(--color-muted)]">
              {t("documents:panel.allowed")}
            </p>
            <input
              id="doc-file"
              type="file"
              name="file"
              accept={ACCEPT}
              required
              aria-describedby="doc-file-hint"
            />
          </div>
          <MetadataChoice idPrefix="doc-metadata" />
          <button type="submit" className="btn">
            {t("documents:panel.upload")}
          </button>
        </UploadForm>
      ) : null}
    </section>
  );
}
