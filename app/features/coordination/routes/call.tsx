// /calls/:id: a coordination call for its invitees and the secretariat (404 for anyone else). The time in
// the reader's zone, the call's zone and UTC; where to meet; the calendar file; the reader's RSVP (and, for
// the organiser, who comes and the guests); the agenda (items proposed by invitees in the organiser's
// order, then open needs, activities since the last call, stalled engagements, actions to follow up);
// notes and actions by visibility. Invitees propose agenda items and add notes; the secretariat orders the
// agenda, shares items and notes with guests, records actions and follows them up; an action's owning
// coalition turns it into a need draft. Every form works without JavaScript. Every view is audited.
import { type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { SummarisedForm } from "~/components/error-summary";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, Link, redirect, useSearchParams } from "react-router";
import { Pagination } from "~/components/pagination";
import { ErrorList, Notice, SelectField, TextAreaField, TextField } from "~/components/form-fields";
import { readForm } from "~/utils/forms.server";
import { clientIp } from "~/utils/request.server";
import { requireUser } from "~/features/auth/index.server";
import { loadTaxonomy } from "~/features/taxonomy/reference.server";
import { countryArgs } from "~/i18n/countries";
import { countryName, formatDate, formatDateTime, languageName } from "~/i18n/format";
import { getLocale } from "~/i18n/i18n.server";
import { useTranslation } from "~/i18n/use-translation";
import { useReaderZone } from "~/root";
import { env } from "~/utils/env.server";
import { httpError } from "~/utils/http.server";
import { canContribute, canOrganise, canRemoveAgendaItem, noteVisibilitiesFor } from "../policy";
import {
  actionSchema,
  actionStatuses,
  agendaItemSchema,
  agendaMoveSchema,
  agendaRemoveSchema,
  callStatusSchema,
  contentLanguages,
  followUpSchema,
  guestInviteSchema,
  guestRevokeSchema,
  noteSchema,
  rsvpSchema,
  shareSchema,
  toNeedSchema,
} from "../schemas";
import { actionOwnerOptions, actionToNeed, addAction, followUpAction } from "../services/actions.server";
import {
  addNote,
  buildAgenda,
  loadNotesAndActions,
  moveAgendaItem,
  proposeAgendaItem,
  removeAgendaItem,
  shareWithGuests,
} from "../services/agenda.server";
import { auditCallView, loadCallFor, setCallStatus } from "../services/calls.server";
import { orFormError } from "../services/form-errors.server";
import { inviteGuest, revokeGuest } from "../services/guests.server";
import { answerOnPage, attendance, myAnswer } from "../services/rsvp.server";
import { zoneOptions } from "~/i18n/time-zones.server";
import { ResourceLinksPanel } from "~/features/resources";
import { resourceLinksView, exchangeResource } from "~/features/resources/index.server";
import { AboutResource, CallFacts, RsvpForm } from "../components/call-parts";
import type { Route } from "./+types/call";
import { useSchemaForm } from "~/components/use-schema-form";
import { db } from "~/utils/db.server";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const ctx = await requireUser(request);
  const { call, access } = await loadCallFor(ctx.viewer, params.id);
  const locale = getLocale(request, ctx.user.locale);
  const notesPage = Math.max(1, Math.min(1000, Number(new URL(request.url).searchParams.get("notes")) || 1));
  const organiser = canOrganise(access);
  const [agenda, records, taxonomy, owners, answer, people, resource, resourceLinks] = await Promise.all([
    buildAgenda(ctx.viewer, call, access),
    loadNotesAndActions(ctx.viewer, call.id, access, notesPage),
    loadTaxonomy(locale),
    organiser ? actionOwnerOptions(call.id) : Promise.resolve([]),
    access === "invitee" ? myAnswer(call.id, ctx.user.id) : Promise.resolve(null),
    organiser ? attendance(call.id) : Promise.resolve(null),
    // The learning exchange: the resource this call is an exchange about, and resources linked from it.
    exchangeResource(ctx.viewer, call.resourceId),
    resourceLinksView(ctx.viewer, { type: "call", id: call.id }),
  ]);
  await auditCallView({ userId: ctx.user.id, ip: clientIp(context) }, call.id, "call.viewed", {
    access,
    notes: records.notes.items.length,
    actions: records.actions.length,
  });
  const country = countryName(call.countryCode, locale);
  return {
    locale,
    secretariat: organiser,
    invitee: access === "invitee",
    contribute: canContribute(access, call),
    userId: ctx.user.id,
    call: {
      id: call.id,
      title: call.title,
      countryCode: call.countryCode,
      status: call.status,
      durationMinutes: call.durationMinutes,
      agendaNote: call.agendaNote,
      timeZone: call.timeZone,
      meetingUrl: call.meetingUrl,
      place: call.place,
      followUpClosed: !!call.followUpClosedAt,
      invitees: call.invitees.map((i) => i.organisation),
    },
    country,
    countryArgs: countryArgs(call.countryCode, locale),
    times: {
      yours: formatDateTime(call.startsAt, locale, ctx.user.timeZone, "long"),
      reference: formatDateTime(call.startsAt, locale, call.timeZone, "long"),
      utc: formatDateTime(call.startsAt, locale, "UTC", "long"),
    },
    answer,
    people,
    resource,
    resourceLinks,
    agenda,
    notes: records.notes,
    actions: records.actions,
    noteVisibilities: noteVisibilitiesFor(access),
    categories: taxonomy.map((c) => ({ value: c.id, label: c.label })),
    owners,
    languages: contentLanguages.map((l) => ({ value: l, label: languageName(l, locale) })),
    zones: organiser ? zoneOptions(locale).map(({ value, label }) => ({ value, label })) : [],
  };
}

const schemas = {
  rsvp: rsvpSchema,
  agenda_item: agendaItemSchema,
  agenda_move: agendaMoveSchema,
  agenda_remove: agendaRemoveSchema,
  share: shareSchema,
  note: noteSchema,
  action: actionSchema,
  follow_up: followUpSchema,
  to_need: toNeedSchema,
  guest_invite: guestInviteSchema,
  guest_revoke: guestRevokeSchema,
  mark_held: callStatusSchema,
  cancel: callStatusSchema,
  close_follow_up: callStatusSchema,
} as const;

/** Intents only the organiser (2FA-verified secretariat) may use; the others are checked by the services. */
const organiserOnly = new Set([
  "agenda_move",
  "share",
  "action",
  "follow_up",
  "guest_invite",
  "guest_revoke",
  "mark_held",
  "cancel",
  "close_follow_up",
]);

export async function action({ request, params, context }: Route.ActionArgs) {
  const ctx = await requireUser(request);
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "");
  if (!Object.hasOwn(schemas, intent)) throw httpError(400, "common:errors.badRequest");
  const { call, access } = await loadCallFor(ctx.viewer, params.id);
  if (organiserOnly.has(intent) && !canOrganise(access)) throw httpError(403, "common:errors.forbidden");
  if (intent === "rsvp" && access !== "invitee") throw httpError(403, "common:errors.forbidden");
  const actor = { userId: ctx.user.id, ip: clientIp(context) };
  const submission = parseWithZod(formData, { schema: schemas[intent as keyof typeof schemas] });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 422 });
  const value = submission.value;
  const outcome = await orFormError(
    async () => {
      switch (value.intent) {
        case "rsvp":
          await db().$transaction((tx) =>
            answerOnPage(tx, call.id, { userId: ctx.user.id }, value.answer, actor.ip),
          );
          return "rsvp";
        case "agenda_item": {
          const { intent: _i, ...input } = value;
          await db().$transaction((tx) => proposeAgendaItem(tx, actor, ctx.viewer, call.id, access, input));
          return "agenda_item";
        }
        case "agenda_move":
          await db().$transaction((tx) =>
            moveAgendaItem(tx, actor, call.id, access, value.itemId, value.direction),
          );
          return "agenda_moved";
        case "agenda_remove":
          await db().$transaction((tx) =>
            removeAgendaItem(tx, actor, ctx.viewer, call.id, access, value.itemId),
          );
          return "agenda_removed";
        case "share":
          await db().$transaction((tx) => shareWithGuests(tx, actor, call.id, access, value));
          return value.shared ? "shared" : "unshared";
        case "note": {
          const { intent: _i, ...input } = value;
          await db().$transaction((tx) => addNote(tx, actor, call.id, access, input));
          return "note";
        }
        case "action": {
          const { intent: _i, ...input } = value;
          await db().$transaction((tx) => addAction(tx, actor, call.id, input));
          return "action";
        }
        case "follow_up": {
          const { intent: _i, ...input } = value;
          await db().$transaction((tx) => followUpAction(tx, actor, call.id, input));
          return "followed_up";
        }
        case "to_need":
          await db().$transaction((tx) => actionToNeed(tx, actor, ctx.viewer, value.actionId));
          return "need_created";
        case "guest_invite": {
          const { intent: _i, ...input } = value;
          await db().$transaction((tx) =>
            inviteGuest(tx, actor, call.id, input, env().CALL_GUEST_ACCESS_DAYS),
          );
          return "guest_invited";
        }
        case "guest_revoke":
          await db().$transaction((tx) => revokeGuest(tx, actor, call.id, value.guestId));
          return "guest_revoked";
        default:
          await db().$transaction((tx) => setCallStatus(tx, actor, call.id, value.intent));
          return value.intent === "cancel"
            ? "cancelled"
            : value.intent === "mark_held"
              ? "held"
              : "follow_up_closed";
      }
    },
    (o) => submission.reply(o),
    [400, 403, 409],
  );
  if (!outcome.ok) return outcome.response;
  return redirect(`/calls/${call.id}?done=${outcome.value}`);
}

type LoaderData = Route.ComponentProps["loaderData"];
type Result = SubmissionResult<string[]> | undefined;

const notices = [
  "scheduled",
  "updated",
  "saved",
  "rsvp",
  "agenda_item",
  "agenda_moved",
  "agenda_removed",
  "shared",
  "unshared",
  "note",
  "action",
  "followed_up",
  "need_created",
  "guest_invited",
  "guest_revoked",
  "held",
  "cancelled",
  "follow_up_closed",
];
const formIntents = ["note", "action", "agenda_item", "guest_invite"];

export default function CallPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const [search] = useSearchParams();
  const { call, agenda, locale, secretariat, times } = loaderData;
  const zone = useReaderZone();
  const done = search.get("done");
  const title = call.title || t("coordination:call.defaultTitle", { country: loaderData.country });
  const lastResult = actionData?.result as Result;
  const formErrors =
    lastResult && !formIntents.includes(String(lastResult.initialValue?.intent))
      ? lastResult.error?.[""]
      : undefined;
  return (
    <article className="space-y-8" aria-labelledby="call-title">
      {done && notices.includes(done) ? <Notice>{t(`coordination:notice.${done}`)}</Notice> : null}
      <ErrorList errors={formErrors} />
      <header className="space-y-2">
        <p className="text-sm">
          <Link to={`/countries/${call.countryCode}`}>{loaderData.country}</Link>
          {" · "}
          <Link to="/actions">{t("coordination:mine.title")}</Link>
          {secretariat ? (
            <>
              {" · "}
              <Link to="/secretariat/calls">{t("coordination:list.title")}</Link>
            </>
          ) : null}
        </p>
        <h1 id="call-title">{title}</h1>
        {loaderData.resource ? <AboutResource resource={loaderData.resource} /> : null}
        <p>
          <span className="badge">{t(`coordination:status.${call.status}`)}</span>
          {call.followUpClosed ? (
            <span className="badge ml-2">{t("coordination:call.followUpClosed")}</span>
          ) : null}
        </p>
        <CallFacts
          times={times}
          durationMinutes={call.durationMinutes}
          place={call.place}
          meetingUrl={call.meetingUrl}
        />
        <p className="flex flex-wrap gap-4">
          <a href={`/calls/${call.id}/invite.ics`} download>
            {t("coordination:call.calendar")}
          </a>
          <Link to="/settings/calendar">{t("coordination:feed.subscribe")}</Link>
          {secretariat && call.status === "scheduled" ? (
            <Link to={`/calls/${call.id}/edit`}>{t("coordination:edit.link")}</Link>
          ) : null}
        </p>
      </header>

      {loaderData.invitee && call.status === "scheduled" ? <RsvpForm answer={loaderData.answer} /> : null}
      {loaderData.people ? <Attendance loaderData={loaderData} lastResult={lastResult} /> : null}

      <section aria-labelledby="invitees-title" className="space-y-2">
        <h2 id="invitees-title">{t("coordination:call.invitees")}</h2>
        <ul className="flex flex-wrap gap-2">
          {call.invitees.map((o) => (
            <li key={o.id} className="badge">
              {o.name}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="agenda-title" className="space-y-4">
        <h2 id="agenda-title">{t("coordination:agenda.title")}</h2>
        {call.agendaNote ? <p className="card whitespace-pre-line">{call.agendaNote}</p> : null}
        <AgendaItems loaderData={loaderData} lastResult={lastResult} />
        <AgendaNeeds loaderData={loaderData} />
        <section aria-labelledby="agenda-activities" className="space-y-1">
          <h3 id="agenda-activities">
            {t("coordination:agenda.activities", { date: formatDate(agenda.since, locale, "medium", zone) })}
          </h3>
          {agenda.activities.length ? (
            <ul className="list-disc pl-6">
              {agenda.activities.map((a) => (
                <li key={a.id}>
                  <span className="font-semibold">{a.organisation.name}</span> ·{" "}
                  {t(`countries:kind.${a.kind}`)} — <span lang={a.contentLanguage}>{a.summary}</span>
                  {a.visibility === "secretariat" ? ` 🔒 ${t("countries:visibility.secretariat")}` : ""}
                </li>
              ))}
            </ul>
          ) : (
            <p>{t("coordination:agenda.noActivities")}</p>
          )}
        </section>
        <section aria-labelledby="agenda-stalled" className="space-y-1">
          <h3 id="agenda-stalled">{t("coordination:agenda.stalled")}</h3>
          {agenda.stalledEngagements.length ? (
            <ul className="list-disc pl-6">
              {agenda.stalledEngagements.map((e) => (
                <li key={e.id}>
                  {e.linkable ? (
                    <Link to={`/engagements/${e.id}`} lang={e.contentLanguage}>
                      {e.needTitle}
                    </Link>
                  ) : (
                    <span lang={e.contentLanguage}>{e.needTitle}</span>
                  )}
                  {e.expertName ? ` — ${e.expertName}` : ""} ·{" "}
                  {t("coordination:agenda.lastActivity", {
                    date: formatDate(e.lastActivityAt, locale, "medium", zone),
                  })}
                </li>
              ))}
            </ul>
          ) : (
            <p>{t("coordination:agenda.noStalled")}</p>
          )}
        </section>
        <section aria-labelledby="agenda-followups" className="space-y-2">
          <h3 id="agenda-followups">{t("coordination:agenda.followUps")}</h3>
          {agenda.followUps.length ? (
            <ul className="space-y-2">
              {agenda.followUps.map((a) => (
                <ActionItem key={a.id} action={a} loaderData={loaderData} followUp />
              ))}
            </ul>
          ) : (
            <p>{t("coordination:agenda.noFollowUps")}</p>
          )}
        </section>
      </section>

      <section aria-labelledby="notes-title" className="space-y-2">
        <h2 id="notes-title">{t("coordination:notes.title")}</h2>
        {loaderData.notes.items.length ? (
          <ol className="space-y-2">
            {loaderData.notes.items.map((n) => (
              <li
                key={n.id}
                className={n.visibility === "secretariat" ? "card border-2 border-amber-700" : "card"}
              >
                <p className="text-sm text-[var(--color-muted)]">
                  {n.author.name} · {formatDateTime(n.createdAt, locale, zone)}
                  {n.visibility === "secretariat" ? ` · 🔒 ${t("coordination:notes.secretariatOnly")}` : ""}
                  {n.sharedWithGuests ? ` · ${t("coordination:guests.sharedBadge")}` : ""}
                </p>
                <p lang={n.contentLanguage} className="whitespace-pre-line">
                  {n.body}
                </p>
                {secretariat && n.visibility === "network" ? (
                  <ShareToggle kind="note" id={n.id} shared={n.sharedWithGuests} />
                ) : null}
              </li>
            ))}
          </ol>
        ) : (
          <p>{t("coordination:notes.empty")}</p>
        )}
        <Pagination
          param="notes"
          page={loaderData.notes.page}
          pages={loaderData.notes.pages}
          label={t("coordination:notes.pager")}
        />
        {loaderData.contribute ? <NoteForm loaderData={loaderData} lastResult={lastResult} /> : null}
      </section>

      <section aria-labelledby="actions-title" className="space-y-2">
        <h2 id="actions-title">{t("coordination:actions.title")}</h2>
        {loaderData.actions.length ? (
          <ul className="space-y-2">
            {loaderData.actions.map((a) => (
              <ActionItem key={a.id} action={a} loaderData={loaderData} />
            ))}
          </ul>
        ) : (
          <p>{t("coordination:actions.empty")}</p>
        )}
        {secretariat ? <ActionForm loaderData={loaderData} lastResult={lastResult} /> : null}
      </section>

      {secretariat && (call.status === "scheduled" || (call.status === "held" && !call.followUpClosed)) ? (
        <section aria-labelledby="status-title" className="flex flex-wrap gap-3">
          <h2 id="status-title" className="sr-only">
            {t("coordination:call.statusTitle")}
          </h2>
          {call.status === "scheduled" ? (
            <>
              <Form method="post">
                <button type="submit" name="intent" value="mark_held" className="btn btn-secondary">
                  {t("coordination:call.markHeld")}
                </button>
              </Form>
              <Form method="post">
                <button type="submit" name="intent" value="cancel" className="btn btn-danger">
                  {t("coordination:call.cancel")}
                </button>
              </Form>
            </>
          ) : (
            <Form method="post">
              <button type="submit" name="intent" value="close_follow_up" className="btn btn-secondary">
                {t("coordination:call.closeFollowUp")}
              </button>
            </Form>
          )}
        </section>
      ) : null}
      <ResourceLinksPanel view={loaderData.resourceLinks} />
    </article>
  );
}

function Attendance({ loaderData, lastResult }: { loaderData: LoaderData; lastResult: Result }) {
  const { t } = useTranslation();
  const zone = useReaderZone();
  const people = loaderData.people!;
  const answerLabel = (a: string | null) => t(`coordination:rsvp.answer.${a ?? "none"}`);
  return (
    <section aria-labelledby="attendance-title" className="space-y-3">
      <h2 id="attendance-title">{t("coordination:attendance.title")}</h2>
      <p>
        {t("coordination:attendance.counts", {
          yes: people.counts.yes,
          maybe: people.counts.maybe,
          no: people.counts.no,
          none: people.counts.none,
        })}
      </p>
      {people.people.length ? (
        <table className="w-full text-left">
          <caption className="sr-only">{t("coordination:attendance.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("coordination:attendance.person")}</th>
              <th scope="col">{t("coordination:attendance.organisation")}</th>
              <th scope="col">{t("coordination:attendance.answer")}</th>
            </tr>
          </thead>
          <tbody>
            {people.people.map((p) => (
              <tr key={p.id}>
                <th scope="row">{p.name}</th>
                <td>{p.organisation}</td>
                <td>{answerLabel(p.answer)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <section aria-labelledby="guests-title" className="space-y-2">
        <h3 id="guests-title">{t("coordination:guests.title")}</h3>
        <p className="text-sm text-[var(--color-muted)]">{t("coordination:guests.intro")}</p>
        {people.guests.length ? (
          <ul className="space-y-2">
            {people.guests.map((g) => (
              <li key={g.id} className="card flex flex-wrap items-center justify-between gap-2">
                <span>
                  <span className="font-semibold">{g.name}</span>
                  {g.affiliation ? ` (${g.affiliation})` : ""} · {g.email} · {answerLabel(g.answer)} ·{" "}
                  {g.revokedAt
                    ? t("coordination:guests.revoked")
                    : t("coordination:guests.until", {
                        date: formatDateTime(g.expiresAt, loaderData.locale, zone),
                      })}
                  {g.lastViewedAt
                    ? ` · ${t("coordination:guests.lastViewed", { date: formatDateTime(g.lastViewedAt, loaderData.locale, zone) })}`
                    : ""}
                </span>
                {g.revokedAt ? null : (
                  <Form method="post">
                    <input type="hidden" name="intent" value="guest_revoke" />
                    <input type="hidden" name="guestId" value={g.id} />
                    <button type="submit" className="btn btn-danger">
                      {t("coordination:guests.revoke", { name: g.name })}
                    </button>
                  </Form>
                )}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("coordination:guests.none")}</p>
        )}
        {loaderData.call.status === "scheduled" ? (
          <GuestForm loaderData={loaderData} lastResult={lastResult} />
        ) : null}
      </section>
    </section>
  );
}

function GuestForm({ loaderData, lastResult }: { loaderData: LoaderData; lastResult: Result }) {
  const { t } = useTranslation();
  const [form, conformFields] = useSchemaForm(guestInviteSchema, {
    shouldValidate: "onSubmit",
    id: "call-guest",
    lastResult: lastResult?.initialValue?.intent === "guest_invite" ? lastResult : undefined,
    defaultValue: { locale: loaderData.locale, timeZone: loaderData.call.timeZone },
  });
  const fields = conformFields as unknown as Record<string, FieldMetadata<string>>;
  return (
    <SummarisedForm form={form} className="card space-y-3">
      <h4 className="font-semibold">{t("coordination:guests.add")}</h4>
      <input type="hidden" name="intent" value="guest_invite" />
      <TextField meta={fields.name} label={t("coordination:guests.name")} />
      <TextField meta={fields.email} type="email" label={t("coordination:guests.email")} />
      <TextField
        meta={fields.affiliation}
        label={t("coordination:guests.affiliation")}
        hint={t("coordination:guests.affiliationHint")}
      />
      <SelectField
        meta={fields.locale}
        label={t("coordination:guests.locale")}
        options={(["en", "es", "fr"] as const).map((l) => ({ value: l, label: t(`common:language.${l}`) }))}
      />
      <SelectField
        meta={fields.timeZone}
        label={t("coordination:guests.timeZone")}
        options={loaderData.zones}
      />
      <button type="submit" className="btn">
        {t("coordination:guests.submit")}
      </button>
    </SummarisedForm>
  );
}

function ShareToggle({ kind, id, shared }: { kind: "agenda" | "note"; id: string; shared: boolean }) {
  const { t } = useTranslation();
  return (
    <Form method="post" className="mt-1">
      <input type="hidden" name="intent" value="share" />
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="shared" value={shared ? "false" : "true"} />
      <button type="submit" className="link-button text-sm">
        {t(shared ? "coordination:guests.unshare" : "coordination:guests.share")}
      </button>
    </Form>
  );
}

function AgendaItems({ loaderData, lastResult }: { loaderData: LoaderData; lastResult: Result }) {
  const { t } = useTranslation();
  const items = loaderData.agenda.items;
  const secretariat = loaderData.secretariat;
  return (
    <section aria-labelledby="agenda-items" className="space-y-2">
      <h3 id="agenda-items">{t("coordination:agenda.items")}</h3>
      {items.length ? (
        <ol className="space-y-2">
          {items.map((item, index) => (
            <li key={item.id} className="card space-y-1">
              <p>
                <span className="font-semibold" lang={item.contentLanguage}>
                  {index + 1}. {item.title}
                </span>{" "}
                <span className="text-sm text-[var(--color-muted)]">
                  {t("coordination:agenda.proposedBy", {
                    name: item.organisationName
                      ? `${item.proposedBy.name} (${item.organisationName})`
                      : item.proposedBy.name,
                  })}
                  {item.sharedWithGuests ? ` · ${t("coordination:guests.sharedBadge")}` : ""}
                </span>
              </p>
              {item.details ? (
                <p lang={item.contentLanguage} className="whitespace-pre-line">
                  {item.details}
                </p>
              ) : null}
              <div className="flex flex-wrap items-center gap-3">
                {secretariat ? (
                  <>
                    {(["up", "down"] as const).map((direction) =>
                      (direction === "up" && index === 0) ||
                      (direction === "down" && index === items.length - 1) ? null : (
                        <Form method="post" key={direction}>
                          <input type="hidden" name="intent" value="agenda_move" />
                          <input type="hidden" name="itemId" value={item.id} />
                          <input type="hidden" name="direction" value={direction} />
                          <button type="submit" className="btn btn-secondary text-sm">
                            {t(`coordination:agenda.move.${direction}`, { title: item.title })}
                          </button>
                        </Form>
                      ),
                    )}
                    <ShareToggle kind="agenda" id={item.id} shared={item.sharedWithGuests} />
                  </>
                ) : null}
                {loaderData.call.status === "scheduled" &&
                canRemoveAgendaItem(
                  { userId: loaderData.userId, memberships: [], twoFactorVerified: false },
                  secretariat ? "secretariat" : "invitee",
                  item,
                ) ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="agenda_remove" />
                    <input type="hidden" name="itemId" value={item.id} />
                    <button type="submit" className="link-button text-sm">
                      {t("coordination:agenda.remove", { title: item.title })}
                    </button>
                  </Form>
                ) : null}
              </div>
            </li>
          ))}
        </ol>
      ) : (
        <p>{t("coordination:agenda.noItems")}</p>
      )}
      {loaderData.contribute && loaderData.call.status === "scheduled" ? (
        <AgendaItemForm loaderData={loaderData} lastResult={lastResult} />
      ) : null}
    </section>
  );
}

function AgendaItemForm({ loaderData, lastResult }: { loaderData: LoaderData; lastResult: Result }) {
  const { t } = useTranslation();
  const [form, conformFields] = useSchemaForm(agendaItemSchema, {
    shouldValidate: "onSubmit",
    id: "call-agenda-item",
    lastResult: lastResult?.initialValue?.intent === "agenda_item" ? lastResult : undefined,
    defaultValue: { contentLanguage: loaderData.locale },
  });
  const fields = conformFields as unknown as Record<string, FieldMetadata<string>>;
  return (
    <SummarisedForm form={form} className="card space-y-3">
      <h4 className="font-semibold">{t("coordination:agenda.propose")}</h4>
      <input type="hidden" name="intent" value="agenda_item" />
      <TextField meta={fields.title} label={t("coordination:agenda.itemTitle")} />
      <TextAreaField meta={fields.details} label={t("coordination:agenda.itemDetails")} rows={3} />
      <SelectField
        meta={fields.contentLanguage}
        label={t("coordination:agenda.language")}
        options={loaderData.languages}
      />
      <button type="submit" className="btn">
        {t("coordination:agenda.submit")}
      </button>
    </SummarisedForm>
  );
}

function AgendaNeeds({ loaderData }: { loaderData: LoaderData }) {
  const { t } = useTranslation();
  const labels = Object.fromEntries(loaderData.categories.map((c) => [c.value, c.label]));
  return (
    <section aria-labelledby="agenda-needs" className="space-y-1">
      <h3 id="agenda-needs">{t("coordination:agenda.needs")}</h3>
      {loaderData.agenda.openNeeds.length ? (
        <ul className="list-disc pl-6">
          {loaderData.agenda.openNeeds.map((n) => (
            <li key={n.id}>
              <Link to={`/needs/${n.id}`} lang={n.contentLanguage}>
                {n.title}
              </Link>{" "}
              — {n.coalitionName ?? t("needs:board.anonymous", loaderData.countryArgs)} ·{" "}
              {labels[n.categoryId] ?? n.categoryId} · {t(`needs:urgency.${n.urgency}`)} ·{" "}
              {t(`needs:status.${n.status}`)}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("coordination:agenda.noNeeds")}</p>
      )}
    </section>
  );
}

function ActionItem({
  action: a,
  loaderData,
  followUp,
}: {
  action: LoaderData["actions"][number];
  loaderData: Pick<LoaderData, "secretariat" | "locale">;
  followUp?: boolean;
}) {
  const { t } = useTranslation();
  const owner = [a.ownerOrganisation?.name, a.ownerUser?.name].filter(Boolean).join(" — ");
  return (
    <li className="card space-y-1">
      <p>
        <span className="badge">{t(`coordination:actionKind.${a.kind}`)}</span>{" "}
        <span className="font-semibold">{a.title}</span>{" "}
        <span className="badge">{t(`coordination:actionStatus.${a.status}`)}</span>
        {a.visibility === "secretariat" ? ` 🔒 ${t("countries:visibility.secretariat")}` : ""}
      </p>
      {a.description ? <p className="whitespace-pre-line">{a.description}</p> : null}
      <p className="text-sm text-[var(--color-muted)]">
        {owner ? t("coordination:actions.owner", { owner }) : null}
        {a.dueOn
          ? ` · ${t("coordination:actions.due", { date: formatDate(a.dueOn, loaderData.locale) })}`
          : ""}
      </p>
      {a.followUpNote ? (
        <p className="text-sm">{t("coordination:actions.followUpNote", { note: a.followUpNote })}</p>
      ) : null}
      {a.createdNeedId ? (
        <p>
          <Link to={`/needs/${a.createdNeedId}`}>{t("coordination:actions.seeNeed")}</Link> (
          {t(`needs:status.${a.createdNeedStatus}`)})
        </p>
      ) : a.needCreated ? (
        <p className="text-sm">{t("coordination:actions.needDrafted")}</p>
      ) : null}
      <div className="flex flex-wrap items-end gap-3">
        {a.canTurnIntoNeed && !followUp ? (
          <Form method="post">
            <input type="hidden" name="actionId" value={a.id} />
            <button type="submit" name="intent" value="to_need" className="btn">
              {t("coordination:actions.toNeed")}
            </button>
          </Form>
        ) : null}
        {loaderData.secretariat ? (
          <Form method="post" className="flex flex-wrap items-end gap-2">
            <input type="hidden" name="intent" value="follow_up" />
            <input type="hidden" name="actionId" value={a.id} />
            <div>
              <label htmlFor={`status-${a.id}`} className="block text-sm">
                {t("coordination:actions.status")}
              </label>
              <select id={`status-${a.id}`} name="status" defaultValue={a.status}>
                {actionStatuses.map((s) => (
                  <option key={s} value={s}>
                    {t(`coordination:actionStatus.${s}`)}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor={`note-${a.id}`} className="block text-sm">
                {t("coordination:actions.followUpLabel")}
              </label>
              <input
                id={`note-${a.id}`}
                name="followUpNote"
                defaultValue={a.followUpNote ?? ""}
                maxLength={1000}
              />
            </div>
            <button type="submit" className="btn btn-secondary">
              {t("coordination:actions.record")}
            </button>
          </Form>
        ) : null}
      </div>
    </li>
  );
}

function NoteForm({ loaderData, lastResult }: { loaderData: LoaderData; lastResult: Result }) {
  const { t } = useTranslation();
  const [form, conformFields] = useSchemaForm(noteSchema, {
    shouldValidate: "onSubmit",
    id: "call-note",
    lastResult: lastResult?.initialValue?.intent === "note" ? lastResult : undefined,
    defaultValue: { visibility: "network", contentLanguage: loaderData.locale },
  });
  const fields = conformFields as unknown as Record<string, FieldMetadata<string>>;
  return (
    <SummarisedForm form={form} className="card space-y-3">
      <h3>{t("coordination:notes.add")}</h3>
      <input type="hidden" name="intent" value="note" />
      <TextAreaField meta={fields.body} label={t("coordination:notes.body")} rows={4} />
      <SelectField
        meta={fields.contentLanguage}
        label={t("coordination:notes.language")}
        options={loaderData.languages}
      />
      {loaderData.noteVisibilities.length > 1 ? (
        <SelectField
          meta={fields.visibility}
          label={t("coordination:notes.visibility")}
          hint={t("coordination:notes.visibilityHint")}
          options={loaderData.noteVisibilities.map((v) => ({
            value: v,
            label: t(`coordination:noteVisibility.${v}`),
          }))}
        />
      ) : (
        <>
          <input type="hidden" name="visibility" value="network" />
          <p className="text-sm text-[var(--color-muted)]">{t("coordination:notes.inviteeHint")}</p>
        </>
      )}
      {loaderData.secretariat ? (
        <label className="flex items-center gap-2">
          <input type="checkbox" name="sharedWithGuests" value="on" />
          {t("coordination:notes.shareWithGuests")}
        </label>
      ) : null}
      <button type="submit" className="btn">
        {t("coordination:notes.submit")}
      </button>
    </SummarisedForm>
  );
}

function ActionForm({ loaderData, lastResult }: { loaderData: LoaderData; lastResult: Result }) {
  const { t } = useTranslation();
  const [form, conformFields] = useSchemaForm(actionSchema, {
    shouldValidate: "onSubmit",
    id: "call-action",
    lastResult: lastResult?.initialValue?.intent === "action" ? lastResult : undefined,
    defaultValue: { kind: "task", visibility: "network" },
  });
  const fields = conformFields as unknown as Record<string, FieldMetadata<string>>;
  const orgOptions = [
    { value: "", label: t("coordination:actions.noOwner") },
    ...loaderData.owners.map((o) => ({ value: o.id, label: o.name })),
  ];
  const userOptions = [
    { value: "", label: t("coordination:actions.noOwner") },
    ...loaderData.owners.flatMap((o) =>
      o.members.map((m) => ({ value: m.id, label: `${m.name} (${o.name})` })),
    ),
  ];
  return (
    <SummarisedForm form={form} className="card space-y-3">
      <h3>{t("coordination:actions.add")}</h3>
      <input type="hidden" name="intent" value="action" />
      <SelectField
        meta={fields.kind}
        label={t("coordination:actions.kind")}
        hint={t("coordination:actions.kindHint")}
        options={(["task", "need"] as const).map((k) => ({
          value: k,
          label: t(`coordination:actionKind.${k}`),
        }))}
      />
      <TextField meta={fields.title} label={t("coordination:actions.actionTitle")} />
      <TextAreaField meta={fields.description} label={t("coordination:actions.description")} rows={3} />
      <SelectField
        meta={fields.categoryId}
        label={t("coordination:actions.category")}
        hint={t("coordination:actions.categoryHint")}
        options={[{ value: "", label: "—" }, ...loaderData.categories]}
      />
      <SelectField
        meta={fields.ownerOrganisationId}
        label={t("coordination:actions.ownerOrganisation")}
        options={orgOptions}
      />
      <SelectField
        meta={fields.ownerUserId}
        label={t("coordination:actions.ownerUser")}
        options={userOptions}
      />
      <TextField meta={fields.dueOn} type="date" label={t("coordination:actions.dueOn")} />
      <SelectField
        meta={fields.visibility}
        label={t("coordination:actions.visibility")}
        hint={t("coordination:actions.visibilityHint")}
        options={(["network", "secretariat"] as const).map((v) => ({
          value: v,
          label: t(`coordination:actionVisibility.${v}`),
        }))}
      />
      <button type="submit" className="btn">
        {t("coordination:actions.submit")}
      </button>
    </SummarisedForm>
  );
}
