// Small shared pieces of the review, proposal and engagement pages.
import { useTranslation } from "~/i18n/use-translation";
import { useLocation } from "react-router";

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

/** The field errors of an action's Conform reply (`{ result: submission.reply() }`), by field name. */
export function fieldErrorsOf(actionData: unknown): Record<string, string[] | null> {
  return (
    (actionData as { result?: { error?: Record<string, string[] | null> } } | undefined)?.result?.error ?? {}
  );
}

export function StatusBadge({ ns, status }: { ns: "review" | "engagements"; status: string }) {
  const { t } = useTranslation();
  return <span className="badge">{t(`${ns}:status.${status}`)}</span>;
}
