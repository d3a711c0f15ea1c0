import { useTranslation } from "~/i18n/use-translation";
import { isRouteErrorResponse, Link, useRouteError } from "react-router";

type Payload = { messageKey?: string; values?: Record<string, string | number> };

const keyForStatus: Record<number, string> = {
  400: "common:errors.badRequest",
  401: "common:errors.unauthorized",
  403: "common:errors.forbidden",
  404: "common:errors.notFound",
  429: "common:errors.tooManyRequests",
  503: "common:errors.unavailable",
};

/** Renders any thrown Response or error as a page in the user's language; never shows a stack trace. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  let status = 500;
  let message = t("common:errors.unexpected");
  if (isRouteErrorResponse(error)) {
    status = error.status;
    const payload = (typeof error.data === "object" ? error.data : null) as Payload | null;
    if (payload?.messageKey) message = t(payload.messageKey, payload.values);
    else if (keyForStatus[status]) message = t(keyForStatus[status]);
  }
  return (
    <section className="mx-auto max-w-2xl py-10" aria-labelledby="error-title">
      <h1 id="error-title">{t("common:errors.title")}</h1>
      <p className="mt-4" role="alert">
        {message}
      </p>
      <p className="mt-2 text-sm text-[var(--color-muted)]">{status}</p>
      <p className="mt-6">
        <Link to="/">{t("common:errors.backHome")}</Link>
      </p>
    </section>
  );
}
