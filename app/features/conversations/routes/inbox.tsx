// /inbox — the viewer's conversations, newest first, with their unread counts (the header shows the
// total). Each links to its thread.
import { Link } from "react-router";
import { requireUser } from "~/features/auth/index.server";
import type { Locale } from "~/i18n/config";
import { formatDateTime } from "~/i18n/format";
import { useTranslation } from "~/i18n/use-translation";
import { useReaderZone } from "~/root";
import { inbox } from "../services/threads.server";
import type { Route } from "./+types/inbox";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

export async function loader({ request }: Route.LoaderArgs) {
  const ctx = await requireUser(request);
  return { threads: await inbox(ctx.viewer) };
}

export default function Inbox({ loaderData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const zone = useReaderZone();
  const { threads } = loaderData;
  return (
    <section aria-labelledby="inbox-title" className="space-y-4">
      <h1 id="inbox-title">{t("conversations:inbox.title")}</h1>
      <p className="text-sm">{t("conversations:inbox.hint")}</p>
      {threads.length === 0 ? <p>{t("conversations:inbox.empty")}</p> : null}
      <ul className="space-y-2">
        {threads.map((th) => (
          <li key={th.id} className="card flex flex-wrap items-center gap-2">
            <Link to={`/threads/${th.id}`} className={th.unread ? "font-semibold" : undefined}>
              {t(`conversations:kind.${th.kind}`)}: <span lang={th.lang}>{th.needTitle}</span>
            </Link>
            {th.unread ? (
              <span className="badge" data-testid="unread-count">
                {t("conversations:inbox.unread", { count: th.unread })}
              </span>
            ) : null}
            <span className="ml-auto text-sm text-[var(--color-muted)]">
              {formatDateTime(th.lastMessageAt, locale, zone)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
