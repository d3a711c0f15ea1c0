// A reach-out page ("We can help", "Ask this expert") and the choice both make: one candidate (an offer
// for "We can help", a need for "Ask this expert") among several, each with its fit verdict; the ones that
// do not fit are shown but disabled.
import { ErrorList } from "~/components/form-fields";
import type { ComponentProps, ReactNode } from "react";
import { Form, Link } from "react-router";
import { ActionMessage, DoneNotice, fieldErrorsOf } from "~/components/action-ui";
import { useTranslation } from "~/i18n/use-translation";
import { FitVerdict } from "./fit-verdict";

type Verdict = ComponentProps<typeof FitVerdict>;

export type Candidate = {
  id: string;
  title: string;
  contentLanguage?: string;
  refusals: readonly string[];
  reasons: Verdict["reasons"];
};

/**
 * A reach-out page: back to the need or offer it is about, that subject in a card, the candidates to
 * choose from (or why there are none) and, after them, what the viewer has already sent (`children`).
 */
export function ReachPage<C extends Candidate>({
  field,
  subjectPath,
  subject,
  actionData,
  candidates,
  topicLabels,
  detail,
  children,
}: {
  field: "need" | "offer";
  /** The page about the subject (the offer asked for, the need helped with). */
  subjectPath: string;
  subject: { title: string; contentLanguage: string; body: ReactNode };
  actionData: unknown;
  candidates: readonly C[];
  topicLabels: Verdict["topicLabels"];
  detail?: (candidate: C) => ReactNode;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const asking = field === "need";
  const titleId = asking ? "ask-title" : "help-title";
  return (
    <section aria-labelledby={titleId} className="space-y-4">
      <p>
        <Link to={subjectPath}>
          {t(asking ? "outreach:ask.backToOffer" : "outreach:volunteer.backToNeed")}
        </Link>
      </p>
      <h1 id={titleId}>{t(asking ? "outreach:ask.title" : "outreach:volunteer.title")}</h1>
      <DoneNotice ns="outreach" />
      <ActionMessage data={actionData} />
      <div className="card space-y-1">
        <h2 className="text-lg" lang={subject.contentLanguage}>
          {subject.title}
        </h2>
        {subject.body}
      </div>
      <p>{t(asking ? "outreach:ask.intro" : "outreach:volunteer.intro")}</p>
      {candidates.length ? (
        <CandidateChoice
          field={field}
          candidates={candidates}
          errors={fieldErrorsOf(actionData)[`${field}Id`]}
          topicLabels={topicLabels}
          detail={detail}
        />
      ) : (
        <p>{t(asking ? "outreach:ask.noNeeds" : "outreach:volunteer.noOffers")}</p>
      )}
      {children}
    </section>
  );
}

function CandidateChoice<C extends Candidate>({
  field,
  candidates,
  errors,
  topicLabels,
  detail,
}: {
  /** "need": asking for an offer with one of our needs; "offer": volunteering one of our offers. The
   * submitted field is `${field}Id`; the ids are `${field}-<id>`. */
  field: "need" | "offer";
  candidates: readonly C[];
  errors?: string[] | null;
  topicLabels: Verdict["topicLabels"];
  /** What follows the label (e.g. the offering organisation). */
  detail?: (candidate: C) => ReactNode;
}) {
  const { t } = useTranslation();
  const page = field === "need" ? "ask" : "volunteer";
  const fitting = candidates.filter((c) => c.refusals.length === 0);
  const errorId = `${field}-error`;
  return (
    <Form method="post" className="space-y-4">
      <input type="hidden" name="intent" value={field === "need" ? "request" : "volunteer"} />
      <fieldset className="space-y-3" aria-describedby={errors ? errorId : undefined}>
        <legend className="font-semibold">
          {t(field === "need" ? "outreach:ask.chooseNeed" : "outreach:volunteer.chooseOffer")}
        </legend>
        {candidates.map((c) => {
          const fits = c.refusals.length === 0;
          const id = `${field}-${c.id}`;
          return (
            <div key={c.id} className="card space-y-2">
              <p>
                <input
                  type="radio"
                  id={id}
                  name={`${field}Id`}
                  value={c.id}
                  disabled={!fits}
                  defaultChecked={fits && fitting.length === 1}
                  aria-describedby={`${id}-fit`}
                />{" "}
                <label htmlFor={id} className="font-semibold" lang={c.contentLanguage}>
                  {c.title}
                </label>
                {detail ? <> {detail(c)}</> : null}
              </p>
              <FitVerdict
                id={`${id}-fit`}
                title={c.title}
                reasons={c.reasons}
                topicLabels={topicLabels}
                refusals={c.refusals}
                refusalKeys={field === "need" ? "askRefusals" : "refusals"}
              />
            </div>
          );
        })}
      </fieldset>
      <ErrorList id={errorId} errors={errors} />
      {fitting.length ? (
        <>
          <p className="text-sm text-[var(--color-muted)]">{t(`outreach:${page}.reviewHint`)}</p>
          <button type="submit" className="btn">
            {t(`outreach:${page}.submit`)}
          </button>
        </>
      ) : null}
    </Form>
  );
}
