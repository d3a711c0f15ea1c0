// /dev/mailbox/:id — one caught message: headers that matter, the plain-text part, and the HTML part
// shown as escaped source (nothing from the message runs or loads in the app's origin).
import { useTranslation } from "~/i18n/use-translation";
import { Link } from "react-router";
import { notFound } from "~/utils/http.server";
import { readMailboxMessage } from "../services/mailbox.server";
import { requireDevMailbox } from "../services/dev-mailbox-access.server";
import type { Route } from "./+types/dev-mailbox-message";

export async function loader({ request, params }: Route.LoaderArgs) {
  await requireDevMailbox(request);
  const message = await readMailboxMessage(params.id);
  if (!message) throw notFound();
  return { message };
}

export default function DevMailboxMessage({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const m = loaderData.message;
  const rows: Array<[string, string | null]> = [
    [t("email:mailbox.from"), m.from],
    [t("email:mailbox.to"), m.to],
    [t("email:mailbox.date"), m.date],
    ["Message-ID", m.messageId],
    ["Content-Language", m.language],
    ["List-Unsubscribe", m.listUnsubscribe],
  ];
  return (
    <article className="space-y-4" aria-labelledby="message-title">
      <p>
        <Link to="/dev/mailbox">{t("email:mailbox.back")}</Link>
      </p>
      <h1 id="message-title">{m.subject || t("email:mailbox.noSubject")}</h1>
      <dl className="grid grid-cols-[12rem_1fr] gap-1 text-sm">
        {rows
          .filter(([, v]) => v)
          .map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="font-bold">{k}</dt>
              <dd className="break-all">{v}</dd>
            </div>
          ))}
      </dl>
      <section aria-labelledby="text-part">
        <h2 id="text-part">{t("email:mailbox.textPart")}</h2>
        <pre className="whitespace-pre-wrap rounded border p-3">{m.text}</pre>
      </section>
      <section aria-labelledby="html-part">
        <h2 id="html-part">{t("email:mailbox.htmlPart")}</h2>
        <details>
          <summary>{t("email:mailbox.showHtml")}</summary>
          <pre className="whitespace-pre-wrap break-all rounded border p-3 text-xs">{m.html}</pre>
        </details>
      </section>
    </article>
  );
}
