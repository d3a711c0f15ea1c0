// /guest/:token: a guest's view of their one call (people outside the network: no account, a magic
// link). The time in the guest's zone and the call's, where to meet, the agenda items and notes the
// secretariat shared with guests, and their RSVP; nothing else of the call or of the platform. Every view
// is audited. Tampered links: 404; revoked, expired, cancelled or follow-up closed: 410.
import { data, redirect, useSearchParams } from "react-router";
import { Notice } from "~/components/form-fields";
import { readForm } from "~/utils/forms.server";
import { clientIp } from "~/utils/request.server";
import { countryName, formatDateTime } from "~/i18n/format";
import { getLocale } from "~/i18n/i18n.server";
import { useTranslation } from "~/i18n/use-translation";
import { httpError } from "~/utils/http.server";
import { rsvpAnswers } from "../schemas";
import { guestView, readGuestLink } from "../services/guests.server";
import { answerOnPage } from "../services/rsvp.server";
import { CallFacts, RsvpForm } from "../components/call-parts";
import type { Route } from "./+types/guest";
import { db } from "~/utils/db.server";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }, { name: "robots", content: "noindex" }];

const headers = { "Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer" };

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const link = await readGuestLink(params.token);
  if (link.state === "invalid") throw httpError(404, "coordination:guest.invalid");
  if (link.state !== "ok") return data({ ended: link.state, view: null }, { status: 410, headers });
  const { guest } = link;
  const locale = getLocale(request, null);
  const shared = await db().$transaction((tx) => guestView(tx, guest, clientIp(context)));
  const call = guest.call;
  return data(
    {
      ended: null,
      view: {
        name: guest.name,
        answer: guest.rsvp?.answer ?? null,
        title: call.title,
        country: countryName(call.countryCode, locale),
        status: call.status,
        yours: formatDateTime(call.startsAt, locale, guest.timeZone, "long"),
        reference: formatDateTime(call.startsAt, locale, call.timeZone, "long"),
        durationMinutes: call.durationMinutes,
        place: call.place,
        meetingUrl: call.meetingUrl,
        until: formatDateTime(guest.expiresAt, locale, guest.timeZone),
        items: shared.items,
        notes: shared.notes.map((n) => ({
          ...n,
          createdAt: formatDateTime(n.createdAt, locale, guest.timeZone),
        })),
      },
    },
    { headers },
  );
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const link = await readGuestLink(params.token);
  if (link.state === "invalid") throw httpError(404, "coordination:guest.invalid");
  if (link.state !== "ok") throw httpError(410, "coordination:guest.ended");
  const form = await readForm(request);
  const answer = String(form.get("answer") ?? "");
  if (form.get("intent") !== "rsvp" || !(rsvpAnswers as readonly string[]).includes(answer))
    throw httpError(400, "coordination:errors.rsvpAnswer");
  await db().$transaction((tx) =>
    answerOnPage(
      tx,
      link.guest.call.id,
      { guestId: link.guest.id },
      answer as (typeof rsvpAnswers)[number],
      clientIp(context),
    ),
  );
  return redirect(`/guest/${params.token}?done=rsvp`, { headers });
}

export default function GuestCall({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const [search] = useSearchParams();
  if (!loaderData.view)
    return (
      <section className="mx-auto max-w-xl space-y-4" aria-labelledby="guest-title">
        <h1 id="guest-title">{t("coordination:guest.endedTitle")}</h1>
        <p role="alert">{t(`coordination:guest.state.${loaderData.ended}`)}</p>
      </section>
    );
  const v = loaderData.view;
  const title = v.title || t("coordination:call.defaultTitle", { country: v.country });
  return (
    <article className="mx-auto max-w-3xl space-y-6" aria-labelledby="guest-title">
      {search.get("done") === "rsvp" ? <Notice>{t("coordination:notice.rsvp")}</Notice> : null}
      <p className="text-sm">{t("coordination:guest.welcome", { name: v.name })}</p>
      <h1 id="guest-title">{title}</h1>
      <p>
        <span className="badge">{t(`coordination:status.${v.status}`)}</span>
      </p>
      <CallFacts times={v} durationMinutes={v.durationMinutes} place={v.place} meetingUrl={v.meetingUrl} />
      {v.status === "scheduled" ? <RsvpForm answer={v.answer} /> : null}
      <section aria-labelledby="guest-agenda" className="space-y-2">
        <h2 id="guest-agenda">{t("coordination:agenda.title")}</h2>
        {v.items.length ? (
          <ol className="list-decimal space-y-2 pl-6">
            {v.items.map((i) => (
              <li key={i.id} lang={i.contentLanguage}>
                <span className="font-semibold">{i.title}</span>
                {i.details ? <p className="whitespace-pre-line">{i.details}</p> : null}
              </li>
            ))}
          </ol>
        ) : (
          <p>{t("coordination:guest.noItems")}</p>
        )}
      </section>
      <section aria-labelledby="guest-notes" className="space-y-2">
        <h2 id="guest-notes">{t("coordination:notes.title")}</h2>
        {v.notes.length ? (
          <ol className="space-y-2">
            {v.notes.map((n) => (
              <li key={n.id} className="card">
                <p className="text-sm text-[var(--color-muted)]">{n.createdAt}</p>
                <p lang={n.contentLanguage} className="whitespace-pre-line">
                  {n.body}
                </p>
              </li>
            ))}
          </ol>
        ) : (
          <p>{t("coordination:guest.noNotes")}</p>
        )}
      </section>
      <p className="text-sm text-[var(--color-muted)]">{t("coordination:guest.until", { date: v.until })}</p>
    </article>
  );
}
