// Panels the proposal page (an expert organisation's view of one proposal) and the engagement workspace
// share: the page's head, the need's text, a list of contacts and a required reason field. Each page
// decides what its reader may see (the policy, in its loader); these only show what they are given.
import { Link } from "react-router";
import { ActionMessage, DoneNotice } from "~/components/action-ui";
import { ErrorList } from "~/components/form-fields";
import { useTranslation } from "~/i18n/use-translation";

/** The link back to the list, the title, and what the last action said (done or refused). */
export function WorkPageHead({
  back,
  backLabel,
  titleId,
  title,
  ns,
  actionData,
}: {
  back: string;
  backLabel: string;
  titleId: string;
  title: string;
  /** The namespace of the page's `done.*` notices. */
  ns: "review" | "engagements";
  actionData: unknown;
}) {
  return (
    <>
      <p>
        <Link to={back}>{backLabel}</Link>
      </p>
      <h1 id={titleId}>{title}</h1>
      <DoneNotice ns={ns} />
      <ActionMessage data={actionData} />
    </>
  );
}

/**
 * The need's summary and, when the page may show them, its confidential details and the outcome wanted
 * (headings from `<keys>.summary|details|outcomeWanted`). `destroyed`: the confidential text was
 * destroyed under the retention rule, so a notice stands in its place.
 */
export function NeedText({
  need,
  keys,
  heading: Heading,
  full,
  destroyed = false,
}: {
  need: { summary: string; details: string | null; outcomeWanted: string | null };
  keys: "review:proposal" | "engagements:workspace";
  heading: "h2" | "h3";
  full: boolean;
  destroyed?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Heading>{t(`${keys}.summary`)}</Heading>
      <p>{need.summary}</p>
      {!full ? null : destroyed ? (
        <p>{t("needs:notice.destroyed")}</p>
      ) : (
        <>
          <Heading>{t(`${keys}.details`)}</Heading>
          <p className="whitespace-pre-wrap">{need.details}</p>
          <Heading>{t(`${keys}.outcomeWanted`)}</Heading>
          <p className="whitespace-pre-wrap">{need.outcomeWanted}</p>
        </>
      )}
    </>
  );
}

/** People to write to: each name with their address as a mail link. */
export function ContactList({ people }: { people: ReadonlyArray<{ name: string; email: string }> }) {
  return (
    <ul>
      {people.map((p) => (
        <li key={p.email}>
          {p.name} — <a href={`mailto:${p.email}`}>{p.email}</a>
        </li>
      ))}
    </ul>
  );
}

/** A required text (a reason, a note, an update) with its label and the errors the action sent back. */
export function RequiredTextArea({
  id,
  name,
  label,
  errors,
  rows,
  maxLength,
}: {
  id: string;
  name: string;
  label: string;
  errors: string[] | null | undefined;
  rows: number;
  maxLength: number;
}) {
  return (
    <>
      <label htmlFor={id} className="block">
        {label}
      </label>
      <textarea
        id={id}
        name={name}
        rows={rows}
        required
        maxLength={maxLength}
        aria-invalid={errors ? true : undefined}
        aria-describedby={errors ? `${id}-error` : undefined}
      />
      <ErrorList id={`${id}-error`} errors={errors} />
    </>
  );
}
