// An upload form that needs no JavaScript (a multipart POST to the page, which answers with a redirect
// or a refusal), and with JavaScript shows the upload's progress: the same POST is sent with
// XMLHttpRequest (fetch cannot report upload progress). The browser follows the redirect, and we go
// where it led; a refusal's message is taken from the page the server answered with.
import { useRef, useState, type ReactNode } from "react";
import { useTranslation } from "~/i18n/use-translation";

export function UploadForm({
  action,
  error,
  idPrefix,
  children,
  className = "card space-y-3",
}: {
  action: string;
  error: { messageKey: string; values: Record<string, string | number> } | null;
  idPrefix: string;
  children: ReactNode;
  className?: string;
}) {
  const { t } = useTranslation();
  const [progress, setProgress] = useState<number | null>(null);
  const [clientError, setClientError] = useState<string | null>(null);
  const busy = useRef(false);
  const message = clientError ?? (error ? t(error.messageKey, error.values) : null);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    if (typeof XMLHttpRequest === "undefined") return; // let the browser post it
    event.preventDefault();
    if (busy.current) return;
    busy.current = true;
    const form = event.currentTarget;
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) setProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      busy.current = false;
      if (xhr.status >= 200 && xhr.status < 300 && xhr.responseURL) {
        // The redirect after the upload: show the page it led to (report, held decision, thread).
        window.location.assign(xhr.responseURL);
        return;
      }
      setProgress(null);
      const page = new DOMParser().parseFromString(xhr.responseText, "text/html");
      const refusal = page.querySelector(`[data-upload-error="${idPrefix}"]`)?.textContent;
      setClientError(refusal || t("common:errors.badRequest"));
    };
    xhr.onerror = () => {
      busy.current = false;
      setProgress(null);
      setClientError(t("documents:panel.networkError"));
    };
    setClientError(null);
    setProgress(0);
    xhr.send(new FormData(form));
  }

  return (
    <form
      method="post"
      encType="multipart/form-data"
      action={action}
      className={className}
      onSubmit={onSubmit}
    >
      {message ? (
        <p role="alert" className="field-error" data-upload-error={idPrefix}>
          {message}
        </p>
      ) : null}
      {children}
      {progress !== null ? (
        <p>
          <label htmlFor={`${idPrefix}-progress`}>{t("documents:panel.uploading")}</label>{" "}
          <progress id={`${idPrefix}-progress`} max={100} value={progress}>
            {progress}%
          </progress>{" "}
          <span aria-live="polite">{progress}%</span>
        </p>
      ) : null}
    </form>
  );
}
