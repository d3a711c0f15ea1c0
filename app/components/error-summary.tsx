// The GOV.UK Design System error summary: after a submission with problems, every field error at the top
// of the form, each a link to its field. With JavaScript the focus moves to the summary (after a check in
// the browser or the server's answer); without it the form posts to its own address + `#<summary id>`, so
// the page that comes back opens at the summary.
// https://design-system.service.gov.uk/components/error-summary/
import { getFormProps, type FormMetadata } from "@conform-to/react";
import { useEffect, useRef, useState } from "react";
import { Form, useFormAction } from "react-router";
import { ErrorList } from "~/components/form-fields";
import { useTranslation } from "~/i18n/use-translation";

function errorSummaryId(formId: string) {
  return `${formId}-error-summary`;
}

/** The form's action with the summary as its fragment (pass `action` when the form posts elsewhere). */
function useErrorSummaryAction(formId: string, action?: string) {
  const base = useFormAction(action);
  return `${base}#${errorSummaryId(formId)}`;
}

/** `topicIds[2]` and `address.city` are shown on their field's control: `topicIds`, `address`. */
function fieldOf(name: string) {
  return name.split(/[[.]/)[0];
}

function ErrorSummary({
  form,
  labels,
}: {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any form's shape
  form: FormMetadata<any, string[]>;
  /** Field names to their labels, when messages alone ("This field is required.") would not say which. */
  labels?: Record<string, string>;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const awaitingAnswer = useRef(false);
  // shown after a submission: the server's answer (status "error"), or any submit attempt in the browser
  // (its check reports field errors without always setting the status)
  const [attempted, setAttempted] = useState(false);
  const id = errorSummaryId(form.id);

  // One entry per field (in the order the errors came), form-level errors ("") are shown by the form.
  const entries = new Map<string, string[]>();
  if (form.status === "error" || attempted) {
    for (const [name, errors] of Object.entries(form.allErrors)) {
      if (!name || !errors?.length) continue;
      const field = fieldOf(name);
      entries.set(field, [...new Set([...(entries.get(field) ?? []), ...errors])]);
    }
  }
  const shown = entries.size > 0;

  // Every submit attempt: once the browser's check or the server's answer is in, focus the summary.
  useEffect(() => {
    const element = document.getElementById(form.id);
    if (!element) return;
    const onSubmit = (event: SubmitEvent) => {
      // Conform's own requests (validate, reset…) are not the person's attempt to send the form.
      if (event.submitter?.getAttribute("name") === "__intent__") return;
      setAttempted(true);
      awaitingAnswer.current = true;
      // a check in the browser has rendered its errors by the next task; the server's come later
      setTimeout(() => {
        if (awaitingAnswer.current && ref.current) {
          awaitingAnswer.current = false;
          ref.current.focus();
        }
      }, 0);
    };
    element.addEventListener("submit", onSubmit);
    return () => element.removeEventListener("submit", onSubmit);
  }, [form.id]);

  useEffect(() => {
    if (!shown) return;
    if (awaitingAnswer.current || window.location.hash === `#${id}`) {
      awaitingAnswer.current = false;
      ref.current?.focus();
    }
  });

  if (!shown) return null;
  return (
    <div
      ref={ref}
      id={id}
      tabIndex={-1}
      aria-labelledby={`${id}-title`}
      className="rounded border-4 border-red-800 p-4 focus:outline-4 focus:outline-offset-2 focus:outline-amber-500"
    >
      <h2 id={`${id}-title`} className="text-lg font-bold">
        {t("common:errorSummary.title")}
      </h2>
      <ul className="mt-2 list-none space-y-1 p-0">
        {[...entries].map(([field, errors]) =>
          errors.map((e) => (
            <li key={`${field}:${e}`}>
              <a href={`#${form.id}-${field}`} className="font-semibold text-red-800 underline">
                {labels?.[field] ? `${labels[field]}: ${t(e)}` : t(e)}
              </a>
            </li>
          )),
        )}
      </ul>
    </div>
  );
}

/**
 * A Conform form with its error summary at the top and its form-level errors under it: posts to its own
 * page (or `action`) with the summary as the fragment, so that without JavaScript the answer opens there.
 */
export function SummarisedForm({
  form,
  labels,
  action,
  className = "space-y-4",
  children,
}: {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any form's shape
  form: FormMetadata<any, string[]>;
  labels?: Record<string, string>;
  action?: string;
  className?: string;
  children: React.ReactNode;
}) {
  const summaryAction = useErrorSummaryAction(form.id, action);
  return (
    <Form method="post" {...getFormProps(form)} action={summaryAction} className={className}>
      <ErrorSummary form={form} labels={labels} />
      <ErrorList id={form.errorId} errors={form.errors} />
      {children}
    </Form>
  );
}
