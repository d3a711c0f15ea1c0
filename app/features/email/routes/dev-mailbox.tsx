// /dev/mailbox — development only (DEV_MAILBOX=true, never in production; signed-in users only): the messages the local mail
// catcher received, newest first.
import { useTranslation } from "~/i18n/use-translation";
import { Link } from "react-router";
import { Pagination } from "~/components/pagination";
import { pageParam } from "~/utils/pagination";
import { requireDevMailbox } from "../services/dev-mailbox-access.server";
import { listMailbox } from "../services/mailbox.server";
import type { Route } from "./+types/dev-mailbox";

export const PAGE_SIZE = 50;

export async function loader({ request }: Route.LoaderArgs) {
  await requireDevMailbox(request);
  const page = pageParam(new URL(request.url));
  return { page, ...(await listMailbox(page, PAGE_SIZE)) };
}

export default function DevMailbox({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  return (
    <section className="space-y-4" aria-labelledby="mailbox-title">
      <h1 id="mailbox-title">{t("email:mailbox.title")}</h1>
      <p>{t("email:mailbox.intro")}</p>
      {loaderData.entries.length === 0 ? (
        <p>{t("email:mailbox.empty")}</p>
      ) : (
        <table className="w-full text-left">
          <caption className="sr-only">{t("email:mailbox.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("email:mailbox.subject")}</th>
              <th scope="col">{t("email:mailbox.to")}</th>
              <th scope="col">{t("email:mailbox.date")}</th>
            </tr>
          </thead>
          <tbody>
            {loaderData.entries.map((m) => (
              <tr key={m.id}>
                <td>
                  <Link to={`/dev/mailbox/${m.id}`}>{m.subject || t("email:mailbox.noSubject")}</Link>
                </td>
                <td>{m.to.join(", ")}</td>
                <td>
                  <time dateTime={m.date}>{m.date.replace("T", " ").slice(0, 19)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination page={loaderData.page} pageSize={PAGE_SIZE} total={loaderData.total} />
    </section>
  );
}
