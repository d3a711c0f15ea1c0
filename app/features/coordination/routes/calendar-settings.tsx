// /settings/calendar: a member's private calendar feed of the calls they are invited to. Creating it
// shows the secret URL once (it is stored hashed); creating it again replaces it; revoking ends it.
import { data, Form } from "react-router";
import { Notice } from "~/components/form-fields";
import { readForm } from "~/utils/forms.server";
import { clientIp } from "~/utils/request.server";
import { requireUser } from "~/features/auth/index.server";
import { formatDateTime } from "~/i18n/format";
import { getLocale } from "~/i18n/i18n.server";
import { useTranslation } from "~/i18n/use-translation";
import { audit } from "~/utils/audit.server";
import { db } from "~/utils/db.server";
import { calendarFeedStatus, createCalendarFeed, revokeCalendarFeed } from "../services/calendar.server";
import type { Route } from "./+types/calendar-settings";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

export async function loader({ request }: Route.LoaderArgs) {
  const { user } = await requireUser(request);
  const locale = getLocale(request, user.locale);
  const feed = await calendarFeedStatus(user.id);
  return {
    feed: feed
      ? {
          createdAt: formatDateTime(feed.createdAt, locale, user.timeZone),
          lastUsedAt: feed.lastUsedAt ? formatDateTime(feed.lastUsedAt, locale, user.timeZone) : null,
        }
      : null,
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const { user } = await requireUser(request);
  const form = await readForm(request);
  const intent = form.get("intent");
  const ip = clientIp(context);
  if (intent === "create") {
    const url = await createCalendarFeed(user.id);
    await audit(db(), {
      actorId: user.id,
      action: "calendar_feed.created",
      entityType: "user",
      entityId: user.id,
      ip,
    });
    return data({ url, revoked: false }, { headers: { "Cache-Control": "private, no-store" } });
  }
  if (intent === "revoke") {
    const revoked = await revokeCalendarFeed(user.id);
    if (revoked)
      await audit(db(), {
        actorId: user.id,
        action: "calendar_feed.revoked",
        entityType: "user",
        entityId: user.id,
        ip,
      });
    return { url: null, revoked: true };
  }
  return data({ url: null, revoked: false }, { status: 400 });
}

export default function CalendarSettings({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const feed = loaderData.feed;
  return (
    <section className="max-w-2xl space-y-4" aria-labelledby="feed-title">
      <h1 id="feed-title">{t("coordination:feed.title")}</h1>
      <p>{t("coordination:feed.intro")}</p>
      {actionData?.revoked ? <Notice>{t("coordination:feed.revokedNotice")}</Notice> : null}
      {actionData?.url ? (
        <div className="card space-y-2" role="status">
          <p>{t("coordination:feed.created")}</p>
          <label htmlFor="feed-url" className="block font-semibold">
            {t("coordination:feed.url")}
          </label>
          <input id="feed-url" readOnly value={actionData.url} className="w-full" />
          <p className="text-sm">{t("coordination:feed.secret")}</p>
        </div>
      ) : null}
      {feed ? (
        <p>
          {t("coordination:feed.active", { date: feed.createdAt })}{" "}
          {feed.lastUsedAt
            ? t("coordination:feed.lastUsed", { date: feed.lastUsedAt })
            : t("coordination:feed.neverUsed")}
        </p>
      ) : (
        <p>{t("coordination:feed.none")}</p>
      )}
      <div className="flex flex-wrap gap-3">
        <Form method="post">
          <input type="hidden" name="intent" value="create" />
          <button type="submit" className="btn">
            {t(feed ? "coordination:feed.replace" : "coordination:feed.create")}
          </button>
        </Form>
        {feed ? (
          <Form method="post">
            <input type="hidden" name="intent" value="revoke" />
            <button type="submit" className="btn btn-danger">
              {t("coordination:feed.revoke")}
            </button>
          </Form>
        ) : null}
      </div>
    </section>
  );
}
