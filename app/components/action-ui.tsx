// Small shared pieces of the review, proposal and engagement pages.
import { useTranslation } from "~/i18n/use-translation";
import { Link, useLocation } from "react-router";

/** A refusal or form-level error coming back from an action (an i18n key), announced to screen readers. */
export function ActionMessage({ data }: { data: unknown }) {
  const { t } = useTranslation();
  const payload = data as
    { messageKey?: string; values?: Record<string, string | number>; formErrors?: string[] } | undefined;
  const messages = [
    ...(payload?.messageKey ? [t(payload.messageKey, payload.values)] : []),
    ...(payload?.formErrors ?? []).map((k) => t(k)),
  ];
  if (!messages.length) return null;
  return (
    <div role="alert" className="card mb-4 border-red-700 text-red-800">
      {messages.map((m) => (
        <p key={m}>{m}</p>
      ))}
    </div>
  );
}

/** A confirmation after a redirect (?done=<key>), from the given namespace's `done` keys. */
export function DoneNotice({ ns }: { ns: string }) {
  const { t } = useTranslation();
  const location = useLocation();
  const done = new URLSearchParams(location.search).get("done");
  if (!done || !/^[a-z_]+$/.test(done)) return null;
  return (
    <p role="status" className="card mb-4 border-green-700">
      {t(`${ns}:done.${done}`, { defaultValue: "" })}
    </p>
  );
}

/** Field errors from a Conform submission reply (i18n keys), with the id the control points at. */
export function FieldErrors({ id, errors }: { id: string; errors?: string[] | null }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <ul id={id} className="field-error mt-1" role="alert">
      {errors.map((e) => (
        <li key={e}>{t(e)}</li>
      ))}
    </ul>
  );
}

export function Pagination({
  page,
  pages,
  total,
  pageSize,
  param = "page",
}: {
  page: number;
  pages: number;
  total: number;
  pageSize: number;
  param?: string;
}) {
  const { t } = useTranslation();
  const location = useLocation();
  if (pages <= 1) return null;
  const href = (p: number) => {
    const params = new URLSearchParams(location.search);
    params.set(param, String(p));
    params.delete("done");
    return `${location.pathname}?${params}`;
  };
  return (
    <nav aria-label={t("common:pagination.label")} className="mt-4 flex items-center gap-4">
      {page > 1 ? <Link to={href(page - 1)}>{t("common:actions.previous")}</Link> : null}
      <span>
        {t("common:pagination.page", { page, pages })} ·{" "}
        {t("common:pagination.showing", {
          from: (page - 1) * pageSize + 1,
          to: Math.min(total, page * pageSize),
          total,
        })}
      </span>
      {page < pages ? <Link to={href(page + 1)}>{t("common:actions.next")}</Link> : null}
    </nav>
  );
}

export function pageParam(url: URL) {
  const n = Number(url.searchParams.get("page"));
  return Number.isInteger(n) && n >= 1 && n <= 10_000 ? n : 1;
}

export function StatusBadge({ ns, status }: { ns: "review" | "engagements"; status: string }) {
  const { t } = useTranslation();
  return <span className="badge">{t(`${ns}:status.${status}`)}</span>;
}
