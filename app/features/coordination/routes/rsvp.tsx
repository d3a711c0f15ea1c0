// /rsvp/:token: an answer to a call invitation from an email, without signing in and without JavaScript.
// GET shows the call (in the person's zone) and the three answers, the one clicked in the email chosen;
// nothing changes until the person confirms (mail scanners open links). POST records the answer and
// spends the link. Tampered links: 404; expired, used, outdated (the call changed) or cancelled: 410.
import { data, Form, useSearchParams } from "react-router";
import { Notice } from "~/components/form-fields";
import { readForm } from "~/utils/forms.server";
import { clientIp } from "~/utils/request.server";
import { countryName, formatDateTime } from "~/i18n/format";
import { getLocale } from "~/i18n/i18n.server";
import { useTranslation } from "~/i18n/use-translation";
import { rsvpAnswers } from "../schemas";
import { answerByLink, readRsvpLink } from "../services/rsvp.server";
import type { Route } from "./+types/rsvp";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }, { name: "robots", content: "noindex" }];

type Read = Awaited<ReturnType<typeof readRsvpLink>>;

function present(request: Request, read: Read) {
  const status = read.state === "ok" ? 200 : read.state === "invalid" ? 404 : 410;
  if (!("call" in read) || !read.call)
    return data({ state: read.state, call: null, current: null }, { status });
  const locale = getLocale(request, null);
  const { call, person } = read;
  return data(
    {
      state: read.state,
      current: "current" in read ? (read.current ?? null) : null,
      answered: "answered" in read ? (read.answered as string) : null,
      call: {
        title: call.title,
        country: countryName(call.countryCode, locale),
        when: formatDateTime(call.startsAt, locale, person.timeZone, "long"),
        durationMinutes: call.durationMinutes,
        place: call.place,
        meetingUrl: call.meetingUrl,
        name: person.name,
      },
    },
    { status, headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function loader({ request, params }: Route.LoaderArgs) {
  return present(request, await readRsvpLink(params.token));
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const form = await readForm(request);
  const answer = String(form.get("answer") ?? "");
  if (!(rsvpAnswers as readonly string[]).includes(answer))
    return data({ state: "bad_answer" as const, call: null, current: null }, { status: 400 });
  return present(
    request,
    await answerByLink(params.token, answer as (typeof rsvpAnswers)[number], clientIp(context)),
  );
}

export default function Rsvp({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const [search] = useSearchParams();
  const view = (actionData ?? loaderData) as Omit<typeof loaderData, "state"> & {
    state: string;
    answered?: string | null;
  };
  const call = view.call;
  const chosen = search.get("answer");
  return (
    <section className="mx-auto max-w-xl space-y-4" aria-labelledby="rsvp-title">
      <h1 id="rsvp-title">{t("coordination:rsvp.pageTitle")}</h1>
      {view.state === "bad_answer" ? <p role="alert">{t("coordination:errors.rsvpAnswer")}</p> : null}
      {call ? (
        <div className="card space-y-1">
          <p className="font-semibold">
            {call.title || t("coordination:call.defaultTitle", { country: call.country })}
          </p>
          <p>{call.when}</p>
          <p>{t("coordination:call.minutes", { count: call.durationMinutes })}</p>
          {call.place ? <p>{t("coordination:rsvp.place", { place: call.place })}</p> : null}
          {call.meetingUrl ? (
            <p className="break-all">{t("coordination:rsvp.link", { url: call.meetingUrl })}</p>
          ) : null}
        </div>
      ) : null}
      {view.answered ? (
        <Notice>
          {t("coordination:rsvp.recorded", { answer: t(`coordination:rsvp.answer.${view.answered}`) })}
        </Notice>
      ) : view.state === "ok" && call ? (
        <Form method="post" className="space-y-3">
          <fieldset className="space-y-2">
            <legend>{t("coordination:rsvp.question", { name: call.name })}</legend>
            {view.current ? (
              <p className="text-sm">
                {t("coordination:rsvp.yourAnswer", { answer: t(`coordination:rsvp.answer.${view.current}`) })}
              </p>
            ) : null}
            {rsvpAnswers.map((a) => (
              <label key={a} className="flex items-center gap-2">
                <input
                  type="radio"
                  name="answer"
                  value={a}
                  defaultChecked={a === (chosen ?? view.current)}
                  required
                />
                {t(`coordination:rsvp.choose.${a}`)}
              </label>
            ))}
          </fieldset>
          <button type="submit" className="btn">
            {t("coordination:rsvp.confirm")}
          </button>
        </Form>
      ) : view.state !== "bad_answer" ? (
        <p role="alert">{t(`coordination:rsvp.state.${view.state}`)}</p>
      ) : null}
    </section>
  );
}
