// What a call's page and a guest's page show alike: when and where the call is, and the RSVP form; and
// what the call's page and the new-call page show alike: the resource of the learning exchange it is about.
import { Form, Link } from "react-router";
import { useTranslation } from "~/i18n/use-translation";
import { rsvpAnswers } from "../schemas";

/** The call's time (the reader's zone, the call's, and UTC when given), length and where to meet. */
export function CallFacts({
  times,
  durationMinutes,
  place,
  meetingUrl,
}: {
  times: { yours: string; reference: string; utc?: string };
  durationMinutes: number;
  place: string | null;
  meetingUrl: string | null;
}) {
  const { t } = useTranslation();
  return (
    <dl className="grid gap-x-6 gap-y-1 sm:grid-cols-[auto_1fr]">
      <dt className="font-semibold">{t("coordination:call.yourTime")}</dt>
      <dd>{times.yours}</dd>
      <dt className="font-semibold">{t("coordination:call.referenceTime")}</dt>
      <dd>{times.reference}</dd>
      {times.utc ? (
        <>
          <dt className="font-semibold">{t("coordination:call.utcTime")}</dt>
          <dd>{times.utc}</dd>
        </>
      ) : null}
      <dt className="font-semibold">{t("coordination:call.duration")}</dt>
      <dd>{t("coordination:call.minutes", { count: durationMinutes })}</dd>
      {place ? (
        <>
          <dt className="font-semibold">{t("coordination:call.place")}</dt>
          <dd>{place}</dd>
        </>
      ) : null}
      {meetingUrl ? (
        <>
          <dt className="font-semibold">{t("coordination:call.meetingUrl")}</dt>
          <dd>
            <a href={meetingUrl} rel="noreferrer noopener" className="break-all">
              {meetingUrl}
            </a>
          </dd>
        </>
      ) : null}
    </dl>
  );
}

/** The invitee's (or guest's) answer and the buttons that change it. */
export function RsvpForm({ answer }: { answer: string | null }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="rsvp-title" className="card space-y-2">
      <h2 id="rsvp-title">{t("coordination:rsvp.title")}</h2>
      <p role="status">
        {answer
          ? t("coordination:rsvp.yourAnswer", { answer: t(`coordination:rsvp.answer.${answer}`) })
          : t("coordination:rsvp.none")}
      </p>
      <Form method="post" className="flex flex-wrap gap-2">
        <input type="hidden" name="intent" value="rsvp" />
        {rsvpAnswers.map((a) => (
          <button
            key={a}
            type="submit"
            name="answer"
            value={a}
            className={a === answer ? "btn" : "btn btn-secondary"}
            aria-pressed={a === answer}
          >
            {t(`coordination:rsvp.choose.${a}`)}
          </button>
        ))}
      </Form>
    </section>
  );
}

/** "About: <resource>" for a call that belongs to a resource's learning exchange. */
export function AboutResource({
  resource,
}: {
  resource: { id: string; title: string; contentLanguage: string };
}) {
  const { t } = useTranslation();
  return (
    <p>
      {t("resources:exchange.aboutLabel")}:{" "}
      <Link to={`/resources/${resource.id}`} lang={resource.contentLanguage}>
        {resource.title}
      </Link>
    </p>
  );
}
